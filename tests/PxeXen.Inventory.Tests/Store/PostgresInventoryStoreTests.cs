using Npgsql;
using PxeXen.Inventory.Store;
using PxeXen.Inventory.Store.Sql;

namespace PxeXen.Inventory.Tests.Store;

/// <summary>
/// The store contract against the PostgreSQL that .ci/setup.d/postgres.sh starts (or
/// PXEXEN_TEST_POSTGRES); each test gets its own schema. Skipped, saying why, when it does not answer.
/// </summary>
public sealed class PostgresInventoryStoreTests : InventoryStoreContract, IAsyncDisposable
{
    public const string DefaultConnectionString = "Host=127.0.0.1;Port=5432;Username=pxexen;Password=pxexen;Database=pxexen_test;Timeout=3";

    private readonly string _schema = "inventory_" + Guid.NewGuid().ToString("N")[..12];
    private readonly List<SqlInventoryStore> _stores = [];
    private string? _connectionString;

    private static string BaseConnectionString => Environment.GetEnvironmentVariable("PXEXEN_TEST_POSTGRES") ?? DefaultConnectionString;

    /// <summary>Makes this test's schema once (or skips the test when PostgreSQL does not answer).</summary>
    private async Task<string> SchemaConnectionStringAsync()
    {
        if (_connectionString is null)
        {
            try
            {
                await using var connection = new NpgsqlConnection(BaseConnectionString);
                await connection.OpenAsync(Ct);
                await using var command = new NpgsqlCommand($"CREATE SCHEMA {_schema}", connection);
                await command.ExecuteNonQueryAsync(Ct);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
            {
                Assert.Skip($"PostgreSQL not reachable at {BaseConnectionString} (run .ci/setup.d/postgres.sh or set PXEXEN_TEST_POSTGRES): {e.Message}");
            }
            _connectionString = new NpgsqlConnectionStringBuilder(BaseConnectionString) { SearchPath = _schema }.ToString();
        }
        return _connectionString;
    }

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
            using var dialect = new PostgresDialect(DefaultConnectionString);
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
        if (_connectionString is null)
            return;
        await using var connection = new NpgsqlConnection(BaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA {_schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
