using System.ComponentModel.DataAnnotations;

namespace PxeXen.Inventory;

/// <summary>Which database holds machines, profiles, leases and boot events.</summary>
public sealed class StoreSettings : IValidatableObject
{
    public const string Section = "Store";

    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    /// <summary>SQLite file; relative paths are under Service:DataDirectory. Default <c>pxexen.db</c>.</summary>
    public string SqliteFile { get; set; } = "pxexen.db";

    /// <summary>
    /// SQLite file of the DHCP leases, apart from the inventory: every ACK waits for a lease commit,
    /// and in one file it would queue behind boot-event and API writes (SQLite has one writer per
    /// file). Relative paths are under Service:DataDirectory. Default <c>leases.db</c>.
    /// </summary>
    public string LeaseSqliteFile { get; set; } = "leases.db";

    /// <summary>
    /// Boot events (and seen MACs not seen since) older than this many days are deleted in the
    /// background, hourly. 0 keeps them forever. Default 90.
    /// </summary>
    [Range(0, 36_500)]
    public int EventRetentionDays { get; set; } = 90;

    /// <summary>Npgsql connection string, required when Provider is Postgres.</summary>
    public string? PostgresConnectionString { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == StoreProvider.Postgres && string.IsNullOrWhiteSpace(PostgresConnectionString))
            yield return new ValidationResult("required when Store:Provider is Postgres", [nameof(PostgresConnectionString)]);
        if (Provider == StoreProvider.Sqlite && string.IsNullOrWhiteSpace(SqliteFile))
            yield return new ValidationResult("must name a file", [nameof(SqliteFile)]);
        if (Provider == StoreProvider.Sqlite && string.IsNullOrWhiteSpace(LeaseSqliteFile))
            yield return new ValidationResult("must name a file", [nameof(LeaseSqliteFile)]);
    }
}
