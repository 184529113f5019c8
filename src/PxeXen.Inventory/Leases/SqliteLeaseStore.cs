using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace PxeXen.Inventory.Leases;

/// <summary>
/// Leases in their own SQLite file. WAL with synchronous=FULL: a commit is on disk (fsync) before
/// <see cref="SqlLeaseStore.CommitAsync"/> returns, so an ACK sent after it survives a crash.
/// Checkpoints run in <see cref="RunMaintenanceAsync"/>, never inside a commit.
/// </summary>
public sealed class SqliteLeaseStore(string path) : SqlLeaseStore
{
    /// <summary>How often the WAL is copied back into the database file while the server runs.</summary>
    public static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(1);

    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    private volatile bool _checkpointsInBackground;

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        // wal_autocheckpoint=0 only while RunMaintenanceAsync checkpoints: without it the WAL must not grow forever.
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA wal_autocheckpoint="
            + (_checkpointsInBackground ? "0;" : "1000;");
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// A PASSIVE checkpoint every second on a connection of its own: it copies what it can without
    /// waiting for the writer, so commits (and the ACKs behind them) never pay for it.
    /// </summary>
    public override async Task RunMaintenanceAsync(CancellationToken cancellationToken)
    {
        // Set before the writer opens (the DHCP server starts this loop before its listeners).
        _checkpointsInBackground = true;
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            using var timer = new PeriodicTimer(CheckpointInterval);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await checkpoint.ExecuteNonQueryAsync(cancellationToken);
                }
                catch (SqliteException)
                {
                    // Disk full or I/O error: the commits report it (they fail the same way); retry next tick.
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: leave the WAL to the last connection's close, which checkpoints it.
        }
        finally
        {
            _checkpointsInBackground = false;
        }
    }
}
