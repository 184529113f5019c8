using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace PxeXen.Inventory.Leases;

/// <summary>
/// Leases in the embedded SQLite file. WAL with synchronous=FULL: a commit is on disk (fsync)
/// before <see cref="SqlLeaseStore.CommitAsync"/> returns, so an ACK sent after it survives a crash.
/// </summary>
public sealed class SqliteLeaseStore(string path) : SqlLeaseStore
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
