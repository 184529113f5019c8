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
        cli.Server.Json("GET", "/events?limit=5", Recent);
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
        cli.Server.Json("GET", "/events", Recent);
        cli.Server.Json("GET", "/machines", """[{"name":"web01","macs":["00:16:3e:11:11:11"]}]""");
        // First stream: a keep-alive comment, a duplicate of 41, then 42, then the server goes away.
        // Second stream (after the gap is read from ?after=42) stays open until the test stops the CLI.
        var streams = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cli.Server.On("GET", "/events/stream", _ =>
        {
            var body = ++streams == 1
                ? ": keep-alive\n\ndata: {\"id\":41,\"mac\":\"00:16:3e:11:11:11\",\"stage\":\"dhcp-ack\"}\n\n" +
                  "data: {\"id\":42,\"mac\":\"00:16:3e:11:11:11\",\"time\":\"2026-11-25T12:00:01Z\",\n" +
                  "data: \"stage\":\"tftp-file\",\"detail\":\"pxelinux.cfg/01-00-16-3e-11-11-11\"}\n\n"
                : "";
            if (streams > 1)
                stop.CancelAfter(TimeSpan.FromMilliseconds(300));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "text/event-stream") };
        });
        cli.Server.Json("GET", "/events?after=42", """[{"id":43,"mac":"00:16:3e:11:11:11","time":"2026-11-25T12:00:05Z","stage":"installed","detail":null}]""");

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
        cli.Server.Json("GET", "/events", "[]");
        cli.Server.Json("GET", "/machines", "[]");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cli.Server.On("GET", "/events/stream", _ =>
        {
            stop.CancelAfter(TimeSpan.FromMilliseconds(300));
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("data: {\"id\":1,\"mac\":\"00:16:3e:11:11:11\",\"stage\":\"installed\"}\n\n", Encoding.UTF8, "text/event-stream"),
            };
        });
        var result = await cli.RunAsync(stop.Token, "events", "--follow", "--json");
        Assert.StartsWith("{\"id\":1,\"mac\":\"00:16:3e:11:11:11\",\"stage\":\"installed\"}\n", result.Out);
    }

    [Fact(Timeout = 30_000)]
    public async Task Follow_ServerDownAtStart_ExitsThree()
    {
        using var cli = new Cli();
        cli.Server.Down = true;
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "events", "--follow");
        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
    }
}
