using System.Net;
using System.Net.Http.Json;
using Npgsql;
using PxeXen.Inventory.Tests.Postgres;
using PxeXen.Server.Tests.Http;

namespace PxeXen.Server.Tests.Api;

/// <summary>
/// Store:Provider=Postgres makes the whole service use PostgreSQL: what the API writes is in the
/// shared database, and a second service on it sees it. Uses the server of .ci/setup.d/postgres.sh
/// (or PXEXEN_TEST_POSTGRES), in a schema of its own; skipped, saying why, when it does not answer.
/// </summary>
public sealed class PostgresProviderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 60_000)]
    public async Task TwoServicesOnOnePostgres_ShareMachines()
    {
        await using var schema = await PostgresTestSchema.CreateAsync("api", Ct);
        var shared = schema.ConnectionString;
        (string, string)[] settings = [("Store:Provider", "Postgres"), ("Store:PostgresConnectionString", shared)];
        try
        {
            await using (var first = await TestService.StartAsync(settings: settings))
            {
                await first.SeedAsync(Ct);
                await using var second = await TestService.StartAsync(settings: settings);
                var machine = await second.Client.GetFromJsonAsync<System.Text.Json.JsonElement>("api/v1/machines/web01", Ct);
                Assert.Equal("00:16:3e:11:11:11", machine.GetProperty("macs")[0].GetString());
                // Not in either service's SQLite file: there is none.
                Assert.False(File.Exists(Path.Combine(first.Directory_, "data", "pxexen.db")));
                using var duplicate = await second.Client.PostAsJsonAsync("api/v1/machines", new { name = "web02", macs = new[] { "00:16:3e:11:11:11" }, profile = "debian12-xen" }, Ct);
                Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
            }
            await using var check = new NpgsqlConnection(shared);
            await check.OpenAsync(Ct);
            await using var count = new NpgsqlCommand("SELECT count(*) FROM machines", check);
            Assert.Equal(1L, await count.ExecuteScalarAsync(Ct));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools(); // the services' pooled connections, before the schema goes
        }
    }
}
