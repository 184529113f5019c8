using Npgsql;
using PxeXen.Inventory.Leases;

namespace PxeXen.Inventory.Tests.Leases;

/// <summary>
/// Against the PostgreSQL that .ci/setup.d/postgres.sh starts (or PXEXEN_TEST_POSTGRES); each
/// test gets its own schema. Skipped, saying why, when the server does not answer.
/// </summary>
public sealed class PostgresLeaseStoreTests : LeaseStoreContract, IAsyncDisposable
{
    public const string DefaultConnectionString = "Host=127.0.0.1;Port=5432;Username=pxexen;Password=pxexen;Database=pxexen_test;Timeout=15;Command Timeout=60";

    private readonly string _schema = "leases_" + Guid.NewGuid().ToString("N")[..12];
    private readonly List<PostgresLeaseStore> _stores = [];
    private string? _connectionString;

    private static string BaseConnectionString => Environment.GetEnvironmentVariable("PXEXEN_TEST_POSTGRES") ?? DefaultConnectionString;

    protected override async Task<ILeaseStore> CreateStoreAsync()
    {
        if (_connectionString is null)
        {
            try
            {
                await using var connection = new NpgsqlConnection(BaseConnectionString);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand($"CREATE SCHEMA {_schema}", connection);
                await command.ExecuteNonQueryAsync();
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
            {
                Assert.Skip($"PostgreSQL not reachable at {BaseConnectionString} (run .ci/setup.d/postgres.sh): {e.Message}");
            }
            _connectionString = new NpgsqlConnectionStringBuilder(BaseConnectionString) { SearchPath = _schema }.ToString();
        }
        var store = new PostgresLeaseStore(_connectionString);
        _stores.Add(store);
        await store.InitializeAsync(default);
        return store;
    }

    protected override Task<ILeaseStore> SecondStoreOnSameDatabaseAsync(ILeaseStore first) => CreateStoreAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
            await store.DisposeAsync();
        if (_connectionString is null)
            return;
        await using var connection = new NpgsqlConnection(BaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA {_schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
