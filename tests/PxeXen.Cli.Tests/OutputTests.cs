using System.Text.Json.Nodes;

namespace PxeXen.Cli.Tests;

/// <summary>--json on every listing gives the API's JSON unchanged; tables for people.</summary>
public sealed class OutputTests
{
    [Theory(Timeout = 30_000)]
    [InlineData("/distros", "distro", "list")]
    [InlineData("/profiles", "profile", "list")]
    [InlineData("/machines", "machine", "list")]
    [InlineData("/leases", "lease", "list")]
    [InlineData("/events?last=1000", "events")]
    [InlineData("/seen", "seen")]
    public async Task EveryListing_WithJson_PrintsTheServersArray(string path, params string[] command)
    {
        using var cli = new Cli();
        const string Items = """[{"name":"a","mac":"00:16:3e:11:11:11","id":1,"extra":{"deep":[1,2]}},{"name":"b","mac":"00:16:3e:11:11:12","id":2}]""";
        cli.Server.Json("GET", path, Items);
        if (path != "/machines")
            cli.Server.Json("GET", "/machines", "[]");
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, [.. command, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Items), JsonNode.Parse(result.Out)), result.Out);
    }

    [Fact(Timeout = 30_000)]
    public async Task EmptyListing_SaysSoOnStderrAndHowToAdd()
    {
        using var cli = new Cli();
        cli.Server.Json("GET", "/machines", "[]");
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "machine", "list");
        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Contains("pxexen machine add", result.Error);
    }

    [Fact(Timeout = 30_000)]
    public async Task Show_PrintsNestedFieldsWithDottedNames()
    {
        using var cli = new Cli();
        cli.Server.Json("GET", "/profiles/web", """{"name":"web","xen":{"memoryMiB":1024,"bridge":"xenbr0"}}""");
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "profile", "show", "web");
        Assert.Contains("xen.memoryMiB", result.Out);
        Assert.Contains("xenbr0", result.Out);
    }

    [Fact(Timeout = 30_000)]
    public async Task Leases_ShowStateAndExpiry()
    {
        using var cli = new Cli();
        cli.Server.Json("GET", "/leases?mac=00%3A16%3A3e%3A11%3A11%3A11", """[{"mac":"00:16:3e:11:11:11","ip":"10.0.0.5","clientId":null,"hostname":"web01","expires":"2026-11-25T13:00:00Z","state":"bound"}]""");
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "lease", "list", "--mac", "00:16:3e:11:11:11");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("bound", result.Out);
        Assert.Contains("2026-11-25T13:00:00Z", result.Out);
    }
}
