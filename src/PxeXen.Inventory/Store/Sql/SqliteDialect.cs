using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace PxeXen.Inventory.Store.Sql;

/// <summary>The embedded default: one file, WAL journal, foreign keys on.</summary>
public sealed class SqliteDialect(string path) : SqlDialect
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Pooling = true,
        // Writers wait for each other (SQLITE_BUSY is retried) up to this many seconds.
        DefaultTimeout = 30,
    }.ToString();

    public string Path { get; } = path;
    public override string Description => $"SQLite {System.IO.Path.GetFullPath(Path)}";
    public override string IdentityColumn => "INTEGER PRIMARY KEY AUTOINCREMENT";

    public override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    public override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path)) is { } directory)
            Directory.CreateDirectory(directory);
        await using var connection = CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // WAL: readers (boot lookups) never wait for the writer (event batches, API).
        command.CommandText = "PRAGMA journal_mode=WAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // Microsoft.Data.Sqlite begins with BEGIN IMMEDIATE unless deferred: writers queue up front
    // instead of failing to upgrade a read lock.
    public override Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    // Foreign keys are enforced on writes only: the pragma costs a statement per pooled open and
    // reads do not need it. It must run outside a transaction (inside one it is a no-op).
    // synchronous is per connection and pooled connections keep it, so every write sets it: FULL
    // (fsync at commit) for the API's changes, NORMAL (fsync at checkpoint) for events.
    public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        BeginAsync(connection, "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;", cancellationToken);

    public override Task<DbTransaction> BeginRelaxedWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        BeginAsync(connection, "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;", cancellationToken);

    private static async Task<DbTransaction> BeginAsync(DbConnection connection, string pragmas, CancellationToken cancellationToken)
    {
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = pragmas;
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }
        return await connection.BeginTransactionAsync(cancellationToken);
    }

    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 };

    public override bool IsForeignKeyViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 787 };
}
