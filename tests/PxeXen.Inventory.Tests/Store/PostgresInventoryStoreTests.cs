using Npgsql;
using PxeXen.Inventory.Store;
using PxeXen.Inventory.Store.Sql;
using PxeXen.Inventory.Tests.Postgres;

namespace PxeXen.Inventory.Tests.Store;

/// <summary>
/// The store contract against the PostgreSQL that .ci/setup.d/postgres.sh starts (or
/// PXEXEN_TEST_POSTGRES); each test gets its own schema. Skipped, saying why, when it does not answer.
/// </summary>
public sealed class PostgresInventoryStoreTests : InventoryStoreContract, IAsyncDisposable
{
    private readonly List<SqlInventoryStore> _stores = [];
    private PostgresTestSchema? _schema;

    /// <summary>Makes this test's schema once (or skips the test when PostgreSQL does not answer).</summary>
    private async Task<string> SchemaConnectionStringAsync() =>
        (_schema ??= await PostgresTestSchema.CreateAsync("inventory", Ct)).ConnectionString;

    protected override async Task<IInventoryStore> CreateStoreAsync()
    {
        var store = new SqlInventoryStore(new PostgresDialect(await SchemaConnectionStringAsync()));
        _stores.Add(store);
        await store.InitializeAsync(Ct);
        return store;
    }

    protected override string IdentityColumn
    {
        get
        {
            using var dialect = new PostgresDialect(PostgresTestSchema.DefaultServer);
            return dialect.IdentityColumn;
        }
    }

    protected override async Task ExecuteRawAsync(IEnumerable<string> statements)
    {
        await using var connection = new NpgsqlConnection(await SchemaConnectionStringAsync());
        await connection.OpenAsync(Ct);
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(Ct);
        }
    }

    protected override async Task<object?> ScalarRawAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(await SchemaConnectionStringAsync());
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(Ct);
    }

    protected override Task<IInventoryStore> ReopenAsync() => CreateStoreAsync();

    [Fact(Timeout = 30_000)]
    public async Task TwoServersStartingAtOnce_BothOpenTheSameSchema()
    {
        await CreateStoreAsync(); // makes the schema
        var both = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(ReopenAsync)));
        await both[0].CreateDistroAsync(Debian, Ct);
        Assert.NotNull(await both[1].GetDistroAsync("debian12", Ct));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
            store.Dispose();
        if (_schema is not null)
            await _schema.DisposeAsync();
    }
}
