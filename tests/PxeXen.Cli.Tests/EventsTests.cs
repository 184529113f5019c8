using System.Net;
using System.Text;

namespace PxeXen.Cli.Tests;

public sealed class EventsTests
{
    private const string Recent = """[{"id":41,"mac":"00:16:3e:11:11:11","time":"2026-11-25T12:00:00Z","stage":"dhcp-ack","detail":"10.0.0.5"}]""";

    [Fact(Timeout = 30_000)]
    public async Task Events_NameTheMachineOfEachMac()
    {
        using var cli = new Cli();
        cli.Server.Json("GET", "/events?last=5", Recent);
        cli.Server.Json("GET", "/machines", """[{"name":"web01","macs":["00:16:3e:11:11:11"]}]""");
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "events", "-n", "5");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("web01", result.Out);
        Assert.Contains("dhcp-ack", result.Out);
        Assert.Contains("2026-11-25 12:00:00.000Z", result.Out);
    }

    [Fact(Timeout = 30_000)]
    public async Task Follow_PrintsStreamedEventsSkipsDuplicatesAndReconnectsAfterTheGap()
    {
        using var cli = new Cli();
        cli.Server.Json("GET", "/events?last=10", Recent);
        cli.Server.Json("GET", "/machines", """[{"name":"web01","macs":["00:16:3e:11:11:11"]}]""");
        // First stream (after 41, the last listed): a keep-alive comment, a duplicate of 41, then 42
        // split over two data lines, then the server goes away. The CLI reconnects after 42 and gets 43.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cli.Server.On("GET", "/events/stream?after=41", _ => Sse(
            ": keep-alive\n\ndata: {\"id\":41,\"mac\":\"00:16:3e:11:11:11\",\"stage\":\"dhcp-ack\"}\n\n" +
            "id: 42\ndata: {\"id\":42,\"mac\":\"00:16:3e:11:11:11\",\"time\":\"2026-11-25T12:00:01Z\",\n" +
            "data: \"stage\":\"tftp-file\",\"detail\":\"pxelinux.cfg/01-00-16-3e-11-11-11\"}\n\n"));
        cli.Server.On("GET", "/events/stream?after=42", _ =>
        {
            stop.CancelAfter(TimeSpan.FromMilliseconds(300));
            return Sse("data: {\"id\":43,\"mac\":\"00:16:3e:11:11:11\",\"time\":\"2026-11-25T12:00:05Z\",\"stage\":\"installed\",\"detail\":null}\n\n");
        });

        var result = await cli.RunAsync(stop.Token, "events", "--follow");

        Assert.Equal(ExitCodes.Interrupted, result.ExitCode);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains("dhcp-ack", lines[0]);
        Assert.Contains("tftp-file", lines[1]);
        Assert.Contains("pxelinux.cfg/01-00-16-3e-11-11-11", lines[1]);
        Assert.Contains("installed", lines[2]);
        Assert.Contains("reconnect", result.Error);
    }

    [Fact(Timeout = 30_000)]
    public async Task Follow_WithJson_PrintsOneObjectPerLine()
    {
        using var cli = new Cli();
        cli.Server.Json("GET", "/events?last=10", "[]");
        cli.Server.Json("GET", "/machines", "[]");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cli.Server.On("GET", "/events/stream?after=0", _ =>
        {
            stop.CancelAfter(TimeSpan.FromMilliseconds(300));
            return Sse("data: {\"id\":1,\"mac\":\"00:16:3e:11:11:11\",\"stage\":\"installed\"}\n\n");
        });
        var result = await cli.RunAsync(stop.Token, "events", "--follow", "--json");
        Assert.StartsWith("{\"id\":1,\"mac\":\"00:16:3e:11:11:11\",\"stage\":\"installed\"}\n", result.Out);
    }

    private static string Events(long first, long last) =>
        "[" + string.Join(',', Enumerable.Range(0, (int)(last - first + 1)).Select(i =>
            $$"""{"id":{{first + i}},"mac":"00:16:3e:11:11:11","time":"2026-11-25T12:00:00Z","stage":"tftp-file","detail":"event {{first + i}}"}""")) + "]";

    [Fact(Timeout = 30_000)]
    public async Task Limit_AsksTheApiForTheNewestAndListsThemOldestFirst()
    {
        using var cli = new Cli();
        // --limit 2 wants the last two, not the first two: one request for the newest (?last=2).
        cli.Server.Json("GET", "/events?mac=00%3A16%3A3e%3A11%3A11%3A11&last=2", Events(4, 5));
        cli.Server.Json("GET", "/machines", "[]");
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "events", "--mac", "00:16:3e:11:11:11", "-n", "2");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(result.Out.IndexOf("event 4", StringComparison.Ordinal) is > 0 and var four && four < result.Out.IndexOf("event 5", StringComparison.Ordinal), result.Out);
    }

    [Fact(Timeout = 30_000)]
    public async Task Limit_AboveTheApisBound_IsAUsageError()
    {
        using var cli = new Cli();
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "events", "-n", "100001");
        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("--limit is at most 100000", result.Error);
    }

    [Fact(Timeout = 30_000)]
    public async Task Follow_StartsWithTheLastTenThenStreamsAfterTheNewest()
    {
        using var cli = new Cli();
        cli.Server.Json("GET", "/events?last=10", Events(21, 30));
        cli.Server.Json("GET", "/machines", "[]");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cli.Server.On("GET", "/events/stream?after=30", _ =>
        {
            stop.CancelAfter(TimeSpan.FromMilliseconds(300));
            return Sse("data: {\"id\":31,\"mac\":\"00:16:3e:11:11:11\",\"stage\":\"installed\"}\n\n");
        });
        var result = await cli.RunAsync(stop.Token, "events", "--follow", "--json");
        var ids = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => (long)System.Text.Json.Nodes.JsonNode.Parse(l)!["id"]!).ToList();
        Assert.Equal([.. Enumerable.Range(21, 11).Select(i => (long)i)], ids);
    }

    private static HttpResponseMessage Sse(string body) =>
        new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "text/event-stream") };

    [Fact(Timeout = 30_000)]
    public async Task Follow_ServerDownAtStart_ExitsThree()
    {
        using var cli = new Cli();
        cli.Server.Down = true;
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "events", "--follow");
        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
    }
}
