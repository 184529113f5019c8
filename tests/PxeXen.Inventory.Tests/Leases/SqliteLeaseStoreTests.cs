using PxeXen.Inventory.Leases;

namespace PxeXen.Inventory.Tests.Leases;

public sealed class SqliteLeaseStoreTests : LeaseStoreContract, IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pxexen-leases-").FullName;
    private readonly List<SqliteLeaseStore> _stores = [];

    protected override async Task<ILeaseStore> CreateStoreAsync()
    {
        var store = new SqliteLeaseStore(Path.Combine(_directory, "pxexen.db"));
        _stores.Add(store);
        await store.InitializeAsync(default);
        return store;
    }

    protected override Task<ILeaseStore> SecondStoreOnSameDatabaseAsync(ILeaseStore first) => CreateStoreAsync();

    [Fact(Timeout = 30_000)]
    public async Task Initialize_RecordsSchemaVersionBesideOtherComponents()
    {
        await CreateStoreAsync();
        TestContext.Current.CancellationToken.ThrowIfCancellationRequested();
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_directory, "pxexen.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO schema_versions VALUES ('inventory', 3); SELECT version FROM schema_versions WHERE component = 'leases'";
        Assert.Equal(1L, command.ExecuteScalar());
        await CreateStoreAsync(); // a second start leaves both rows alone
    }

    [Fact(Timeout = 30_000)]
    public async Task Initialize_NewerSchema_Refuses()
    {
        await CreateStoreAsync();
        TestContext.Current.CancellationToken.ThrowIfCancellationRequested();
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_directory, "pxexen.db")}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE schema_versions SET version = 9 WHERE component = 'leases'";
            command.ExecuteNonQuery();
        }
        var error = await Assert.ThrowsAsync<InvalidOperationException>(CreateStoreAsync);
        Assert.Contains("version 9", error.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task Maintenance_CheckpointsTheWalWhileCommitsGoOn()
    {
        var store = (SqliteLeaseStore)await CreateStoreAsync();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var maintenance = store.RunMaintenanceAsync(stop.Token);
        var now = DateTimeOffset.UtcNow;
        // Batch sizes 1..40 reuse the prepared statement of each size on later commits.
        for (var batch = 1; batch <= 40; batch++)
        {
            var changes = Enumerable.Range(0, batch).Select(i => new LeaseChange(LeaseChangeKind.Bind, new Lease
            {
                Mac = $"02:00:00:00:{batch:x2}:{i:x2}",
                Address = System.Net.IPAddress.Parse($"10.9.{batch}.{i + 1}"),
                Expires = now.AddHours(1),
                Updated = now,
            })).ToList();
            Assert.All(await store.CommitAsync(changes, now, stop.Token), Assert.True);
        }
        Assert.Equal(40 * 41 / 2, (await store.ListAsync(null, null, stop.Token)).Count);

        // The background checkpoint copies the WAL back into the database file within a tick or two.
        // An immutable open reads the file alone (the WAL ignored): it sees the leases only once they are checkpointed.
        var immutable = $"Data Source=file:{Path.Combine(_directory, "pxexen.db")}?immutable=1;Mode=ReadOnly;Pooling=False";
        var deadline = DateTime.UtcNow + SqliteLeaseStore.CheckpointInterval * 10;
        long inFile;
        do
        {
            await Task.Delay(SqliteLeaseStore.CheckpointInterval / 2, stop.Token);
            inFile = CountInFile(immutable);
        } while (inFile != 40 * 41 / 2 && DateTime.UtcNow < deadline);
        Assert.Equal(40 * 41 / 2, inFile);

        await stop.CancelAsync();
        await maintenance;
    }

    private static long CountInFile(string connectionString)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM dhcp_leases";
        try
        {
            return (long)count.ExecuteScalar()!;
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.Message.Contains("no such table", StringComparison.Ordinal))
        {
            return 0; // not even the schema is checkpointed yet
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
            await store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
