using Microsoft.Data.Sqlite;
using PxeXen.Inventory.Store;
using PxeXen.Inventory.Store.Sql;

namespace PxeXen.Inventory.Tests.Store;

/// <summary>The store contract on a fresh SQLite file per test, plus SQLite's own schema checks.</summary>
public sealed class SqliteInventoryStoreTests : InventoryStoreContract, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pxexen-inv-").FullName;
    private readonly List<SqlInventoryStore> _stores = [];

    private string DatabasePath => Path.Combine(_directory, "data", "pxexen.db");

    protected override async Task<IInventoryStore> CreateStoreAsync()
    {
        var store = new SqlInventoryStore(new SqliteDialect(DatabasePath));
        _stores.Add(store);
        await store.InitializeAsync(Ct);
        return store;
    }

    protected override Task<IInventoryStore> ReopenAsync() => CreateStoreAsync();

    protected override string IdentityColumn => new SqliteDialect(DatabasePath).IdentityColumn;

    protected override async Task ExecuteRawAsync(IEnumerable<string> statements)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        foreach (var sql in statements)
            await ExecuteAsync(sql);
    }

    protected override async Task<object?> ScalarRawAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Ct);
    }

    [Fact(Timeout = 30_000)]
    public async Task FirstStart_CreatesDirectoryDatabaseAndRecordsVersion()
    {
        await CreateStoreAsync();
        Assert.True(File.Exists(DatabasePath));
        Assert.Equal(SchemaMigrations.Latest, await ScalarAsync("SELECT version FROM schema_versions WHERE component = 'inventory'"));
    }

    [Fact(Timeout = 30_000)]
    public async Task LeaseRowInSchemaVersions_IsLeftAlone()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await ExecuteAsync("CREATE TABLE schema_versions (component TEXT PRIMARY KEY, version INTEGER NOT NULL); INSERT INTO schema_versions VALUES ('leases', 3);");
        await CreateStoreAsync();
        Assert.Equal(3, await ScalarAsync("SELECT version FROM schema_versions WHERE component = 'leases'"));
        Assert.Equal(SchemaMigrations.Latest, await ScalarAsync("SELECT version FROM schema_versions WHERE component = 'inventory'"));
    }

    [Fact(Timeout = 30_000)]
    public async Task NewerSchemaThanThisBuild_RefusesToStart()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await ExecuteAsync("CREATE TABLE schema_versions (component TEXT PRIMARY KEY, version INTEGER NOT NULL); INSERT INTO schema_versions VALUES ('inventory', 999);");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(CreateStoreAsync);
        Assert.Contains("999", error.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task ConcurrentWriters_AllSucceed()
    {
        var store = await CreateStoreAsync();
        await store.CreateDistroAsync(Debian, Ct);
        await store.CreateProfileAsync(Base, Ct);
        var creates = Enumerable.Range(0, 40).Select(i => Task.Run(() => store.CreateMachineAsync(
            new PxeXen.Inventory.Machines.Machine { Name = $"m{i}", Macs = [$"00:16:3e:00:00:{i:x2}"], Profile = "base" }, Ct)));
        var results = await Task.WhenAll(creates);
        Assert.All(results, r => Assert.True(r.Succeeded, r.Error));
        Assert.Equal(40, (await store.ListMachinesAsync(new MachineQuery(), Ct)).Count);
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }

    public void Dispose()
    {
        foreach (var store in _stores)
            store.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
