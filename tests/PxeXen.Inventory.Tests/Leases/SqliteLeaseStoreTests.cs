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

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
            await store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
