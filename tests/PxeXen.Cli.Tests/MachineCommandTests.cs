using System.Net;
using System.Text.Json.Nodes;

namespace PxeXen.Cli.Tests;

public sealed class MachineCommandTests
{
    private const string Web01 = """{"name":"web01","macs":["00:16:3e:11:11:11"],"profile":"debian12-xen","ip":"10.0.0.5","hostname":"web01","gateway":null,"netmask":null,"uuid":null,"netboot":true,"variables":{},"rack":"r7"}""";

    [Fact(Timeout = 30_000)]
    public async Task Add_SendsNormalisedMacsAndEveryField()
    {
        using var cli = new Cli();
        cli.Server.On("POST", "/machines", HttpStatusCode.Created, Web01);
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "machine", "add", "web01", "--mac", "00-16-3E-11-11-11", "-m", "0016.3e11.1112", "--profile", "debian12-xen",
            "--ip", "10.0.0.5", "--hostname", "web01", "--gateway", "10.0.0.1", "--netmask", "255.255.255.0", "--var", "role=web", "--token", "t");
        Assert.True(result.ExitCode == 0, result.ToString());
        var body = JsonNode.Parse(cli.Server.Single("POST", "/machines").Body!)!;
        Assert.Equal("web01", (string?)body["name"]);
        Assert.Equal(["00:16:3e:11:11:11", "00:16:3e:11:11:12"], body["macs"]!.AsArray().Select(m => (string?)m));
        Assert.Equal("debian12-xen", (string?)body["profile"]);
        Assert.Equal("10.0.0.5", (string?)body["ip"]);
        Assert.Equal("10.0.0.1", (string?)body["gateway"]);
        Assert.Equal("255.255.255.0", (string?)body["netmask"]);
        Assert.Equal("web", (string?)body["variables"]!["role"]);
        Assert.Contains("machine web01 added: 00:16:3e:11:11:11 boots profile debian12-xen", result.Out);
    }

    [Fact(Timeout = 30_000)]
    public async Task Edit_ChangesOnlyWhatIsGivenAndKeepsFieldsTheCliDoesNotKnow()
    {
        using var cli = new Cli();
        cli.Server.Json("GET", "/machines/web01", Web01);
        cli.Server.Json("PUT", "/machines/web01", Web01);
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "machine", "edit", "web01", "--profile", "rocky9", "--add-mac", "00:16:3e:22:22:22", "--ip", "", "--token", "t");
        Assert.True(result.ExitCode == 0, result.ToString());
        var body = JsonNode.Parse(cli.Server.Single("PUT", "/machines/web01").Body!)!;
        Assert.Equal("rocky9", (string?)body["profile"]);
        Assert.Null(body["ip"]);
        Assert.Equal("web01", (string?)body["hostname"]);
        Assert.Equal("r7", (string?)body["rack"]);
        Assert.Equal(["00:16:3e:11:11:11", "00:16:3e:22:22:22"], body["macs"]!.AsArray().Select(m => (string?)m));
    }

    [Fact(Timeout = 30_000)]
    public async Task Edit_RemovingAMacItDoesNotHave_IsUsageErrorAndNothingIsWritten()
    {
        using var cli = new Cli();
        cli.Server.Json("GET", "/machines/web01", Web01);
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "machine", "edit", "web01", "--remove-mac", "00:16:3e:99:99:99");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("does not have it", result.Error);
        Assert.Contains("00:16:3e:11:11:11", result.Error);
        Assert.DoesNotContain(cli.Server.Requests, r => r.Method == HttpMethod.Put);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("off", false)]
    [InlineData("on", true)]
    public async Task Netboot_PutsEnabled(string state, bool enabled)
    {
        using var cli = new Cli();
        cli.Server.Json("PUT", "/machines/web01/netboot", "");
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "machine", "netboot", "web01", state, "--token", "t");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(enabled, (bool)JsonNode.Parse(cli.Server.Single("PUT", "/machines/web01/netboot").Body!)!["enabled"]!);
        Assert.Contains($"netboot {state}", result.Out);
    }

    [Fact(Timeout = 30_000)]
    public async Task List_FiltersGoToTheQueryAndTheTableShowsEachMachine()
    {
        using var cli = new Cli();
        cli.Server.Json("GET", "/machines?profile=debian12-xen&mac=00%3A16%3A3e%3A11%3A11%3A11", $"[{Web01}]");
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "machine", "list", "--profile", "debian12-xen", "--mac", "00:16:3E:11:11:11");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("NAME", result.Out);
        Assert.Contains("web01", result.Out);
        Assert.Contains("10.0.0.5", result.Out);
        Assert.Contains("on", result.Out);
    }

    [Fact(Timeout = 30_000)]
    public async Task AddFromSeen_TakesTheOnlyWaitingMac()
    {
        using var cli = new Cli();
        cli.Server.Json("GET", "/seen", """[{"mac":"52:54:00:aa:bb:cc","firstSeen":"2026-11-25T12:00:00Z","lastSeen":"2026-11-25T12:01:00Z","arch":7,"userClass":null,"vendorClass":"PXEClient:Arch:00007"}]""");
        cli.Server.On("POST", "/machines", HttpStatusCode.Created, """{"name":"new1","macs":["52:54:00:aa:bb:cc"],"profile":"p"}""");
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "machine", "add", "new1", "--from-seen", "--profile", "p", "--token", "t");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("52:54:00:aa:bb:cc", (string?)JsonNode.Parse(cli.Server.Single("POST", "/machines").Body!)!["macs"]![0]);
    }

    [Fact(Timeout = 30_000)]
    public async Task AddFromSeen_SeveralWaiting_AsksWhichAndListsThem()
    {
        using var cli = new Cli();
        cli.Server.Json("GET", "/seen", """[{"mac":"52:54:00:00:00:01"},{"mac":"52:54:00:00:00:02"}]""");
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "machine", "add", "new1", "--from-seen", "--profile", "p");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("52:54:00:00:00:01, 52:54:00:00:00:02", result.Error);
        Assert.DoesNotContain(cli.Server.Requests, r => r.Method == HttpMethod.Post);
    }

    [Fact(Timeout = 30_000)]
    public async Task AddFromSeen_WithAMacNotSeen_ExitsNotFound()
    {
        using var cli = new Cli();
        cli.Server.Json("GET", "/seen", """[{"mac":"52:54:00:00:00:01"}]""");
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "machine", "add", "new1", "--from-seen", "52:54:00:00:00:09", "--profile", "p");
        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Contains("52:54:00:00:00:09 has not asked to boot", result.Error);
    }

    [Fact(Timeout = 30_000)]
    public async Task Seen_ShowsFirmwareInWords()
    {
        using var cli = new Cli();
        cli.Server.Json("GET", "/seen", """[{"mac":"52:54:00:aa:bb:cc","firstSeen":"2026-11-25T12:00:00Z","lastSeen":"2026-11-25T12:01:00Z","arch":7,"userClass":"iPXE","vendorClass":"PXEClient:Arch:00007"}]""");
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "seen");
        Assert.Contains("7 (UEFI x64)", result.Out);
        Assert.Contains("iPXE", result.Out);
    }
}
