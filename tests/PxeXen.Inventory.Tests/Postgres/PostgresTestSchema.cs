using Npgsql;

namespace PxeXen.Inventory.Tests.Postgres;

/// <summary>
/// A schema of one test's own in the test PostgreSQL (the server .ci/setup.d/postgres.sh starts, or
/// the one PXEXEN_TEST_POSTGRES names), dropped on dispose. When the server does not answer, the test
/// is skipped and says why. Linked into the server tests too.
/// </summary>
internal sealed class PostgresTestSchema : IAsyncDisposable
{
    public const string DefaultServer = "Host=127.0.0.1;Port=5432;Username=pxexen;Password=pxexen;Database=pxexen_test;Timeout=5;Command Timeout=60";

    private PostgresTestSchema(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public static string Server => Environment.GetEnvironmentVariable("PXEXEN_TEST_POSTGRES") ?? DefaultServer;

    public string Name { get; }

    /// <summary>The server's connection string with this schema as the search path.</summary>
    public string ConnectionString { get; }

    /// <param name="prefix">Says which tests made the schema, should one be left behind.</param>
    public static async Task<PostgresTestSchema> CreateAsync(string prefix, CancellationToken cancellationToken)
    {
        var name = prefix + "_" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            await using var connection = new NpgsqlConnection(Server);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {name}", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            Assert.Skip($"PostgreSQL not reachable at {Server} (run .ci/setup.d/postgres.sh or set PXEXEN_TEST_POSTGRES): {e.Message}");
        }
        return new PostgresTestSchema(name, new NpgsqlConnectionStringBuilder(Server) { SearchPath = name }.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA {Name} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
