using System.Net;
using System.Text.Json.Nodes;
using PxeXen.Cli.Checks;

namespace PxeXen.Cli.Tests;

public sealed class CheckTests
{
    private const string Distros = """[{"name":"debian12","kernel":"debian12/vmlinuz","initrds":["debian12/initrd.gz"],"xen":{"pv":true,"pvh":false}},{"name":"bare","kernel":"bare/bzImage","initrds":[],"xen":{"pv":false,"pvh":false,"reason":"no Xen ELF notes"}}]""";
    private const string Profiles = """[{"name":"debian12-xen","distro":"debian12","parent":null,"xen":{"memoryMiB":1024},"answerTemplate":"preseed"},{"name":"bare-xen","distro":"bare","parent":null,"xen":{"memoryMiB":512}},{"name":"bare-metal","distro":"bare","parent":null}]""";
    private const string Machines = """[{"name":"web01","macs":["00:16:3e:11:11:11"],"profile":"debian12-xen"}]""";

    private static FakeServer Estate(Cli cli)
    {
        cli.Server.Json("GET", "/distros", Distros);
        cli.Server.Json("GET", "/profiles", Profiles);
        cli.Server.Json("GET", "/machines", Machines);
        foreach (var kind in new[] { "pxelinux", "ipxe", "grub", "xl.cfg" })
            cli.Server.On("GET", $"/machines/web01/render/{kind}", HttpStatusCode.OK, "ok", "text/plain");
        cli.Server.Json("GET", UnknownMacQuery, """{"mac":"02:00:00:00:00:00","registered":false,"profile":null,"action":"Ignore","steps":[{"rule":"unknown MAC","outcome":"policy Ignore: no answer"}]}""");
        return cli.Server;
    }

    private const string UnknownMacQuery = "/explain?mac=02%3A00%3A00%3A00%3A00%3A00";

    [Fact(Timeout = 30_000)]
    public async Task Check_UnknownMacsDefaultProfile_WarnsThatTheyReinstallAtEveryBoot()
    {
        using var cli = new Cli();
        Estate(cli).On("GET", "/machines/web01/render/answer", HttpStatusCode.OK, "ok", "text/plain");
        cli.Server.Json("GET", UnknownMacQuery, """{"mac":"02:00:00:00:00:00","registered":false,"profile":"discovery","action":"NetBoot","steps":[{"rule":"unknown MAC","outcome":"policy DefaultProfile: profile discovery"}]}""");
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "check", "--no-local");
        Assert.True(result.ExitCode == ExitCodes.CheckFailed, result.ToString());
        Assert.Contains("WARN   Dhcp:Boot:UnknownMacs: DefaultProfile: every unregistered machine that netboots gets profile discovery, and reinstalls at every boot", result.Out);
        Assert.Contains("--from-seen", result.Out);
        Assert.Contains("Dhcp:Boot:UnknownMacs=LocalBoot", result.Out);
        Assert.Contains("ERROR  Dhcp:Boot:DefaultProfile: profile 'discovery' does not exist", result.Out);
    }

    [Fact(Timeout = 30_000)]
    public async Task Check_UnknownMacsIgnoredOrLocalBoot_IsFine()
    {
        using var cli = new Cli();
        Estate(cli).On("GET", "/machines/web01/render/answer", HttpStatusCode.OK, "ok", "text/plain");
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "check", "--no-local", "--json", "--all");
        var finding = Assert.Single(JsonNode.Parse(result.Out)!.AsArray(), f => (string?)f!["subject"] == "Dhcp:Boot:UnknownMacs");
        Assert.Equal("ok", (string?)finding!["severity"]);
    }

    [Fact(Timeout = 30_000)]
    public async Task Check_OnATerminal_ShowsProgressWhileRendering()
    {
        using var cli = new Cli { Interactive = true };
        Estate(cli).On("GET", "/machines/web01/render/answer", HttpStatusCode.OK, "ok", "text/plain");
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "check", "--no-local");
        Assert.Contains("rendering 5 templates", result.Out);
        Assert.Contains("100%", result.Out);
    }

    [Fact]
    public void UnknownMacProbe_NeverUsesARegisteredMac()
    {
        var machines = JsonNode.Parse("""[{"name":"a","macs":["02:00:00:00:00:00","02:00:00:00:00:01"]}]""")!.AsArray();
        Assert.Equal("02:00:00:00:00:02", UnknownMacChecks.UnregisteredMac(machines));
    }

    [Fact(Timeout = 30_000)]
    public async Task Check_FindsNonXenKernelInXenProfileAndATemplateThatFails()
    {
        using var cli = new Cli();
        Estate(cli).On("GET", "/machines/web01/render/answer", HttpStatusCode.BadRequest, """{"error":"preseed.scriban(4,1): 'mirror' not found"}""");
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "check");
        Assert.True(result.ExitCode == ExitCodes.CheckFailed, result.ToString());
        Assert.Contains("profile bare-xen", result.Out);
        Assert.Contains("not Xen-PV capable: no Xen ELF notes", result.Out);
        Assert.DoesNotContain("bare-metal", result.Out);
        Assert.Contains("answer does not render", result.Out);
        Assert.Contains("'mirror' not found", result.Out);
        Assert.Contains("2 problem(s)", result.Out);
        Assert.DoesNotContain("rendering", result.Out); // no progress display when stdout is a pipe
        // Every kind of template this machine can be served was rendered once.
        Assert.Equal(5, cli.Server.Requests.Count(r => r.PathAndQuery.StartsWith("/machines/web01/render/", StringComparison.Ordinal)));
    }

    [Fact(Timeout = 30_000)]
    public async Task Check_Json_ListsFindingsForScripts()
    {
        using var cli = new Cli();
        Estate(cli).On("GET", "/machines/web01/render/answer", HttpStatusCode.OK, "ok", "text/plain");
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "check", "--json", "--all");
        var findings = JsonNode.Parse(result.Out)!.AsArray();
        Assert.Contains(findings, f => (string?)f!["severity"] == "error" && ((string?)f["subject"]) == "profile bare-xen");
        Assert.Contains(findings, f => (string?)f!["severity"] == "ok" && ((string?)f["problem"])!.Contains("5 of 5 render"));
        Assert.Contains(findings, f => (string?)f!["severity"] == "warning" && ((string?)f["subject"]) == "this host");
        Assert.Contains(findings, f => ((string?)f!["subject"])!.StartsWith("port 69/udp", StringComparison.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task Check_ServerDown_StillReportsAndExitsThree()
    {
        using var cli = new Cli();
        cli.Server.Down = true;
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "check");
        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains("cannot reach", result.Out);
    }

    [Fact]
    public void Inventory_DanglingReferencesCyclesAndDoubleMacs()
    {
        var findings = InventoryChecks.Run(
            JsonNode.Parse("""[{"name":"d","kernel":"k","xen":{"pv":true}}]""")!.AsArray(),
            JsonNode.Parse("""[{"name":"a","parent":"b"},{"name":"b","parent":"a"},{"name":"c","distro":"gone"},{"name":"e","parent":"nope"},{"name":"ok","distro":"d"},{"name":"child","parent":"ok"}]""")!.AsArray(),
            JsonNode.Parse("""[{"name":"m1","profile":"ok","macs":["00:16:3e:00:00:01"]},{"name":"m2","profile":"missing","macs":["00:16:3e:00:00:01"]}]""")!.AsArray()).ToList();
        Assert.Contains(findings, f => f.Subject == "profile a" && f.Problem.Contains("cycle"));
        Assert.Contains(findings, f => f.Subject == "profile c" && f.Problem.Contains("'gone' does not exist"));
        Assert.Contains(findings, f => f.Subject == "profile e" && f.Problem.Contains("parent 'nope' does not exist"));
        Assert.Contains(findings, f => f.Subject == "machine m2" && f.Problem.Contains("profile 'missing'"));
        Assert.Contains(findings, f => f.Subject == "machine m2" && f.Problem.Contains("also registered to m1"));
        Assert.DoesNotContain(findings, f => f.Subject is "profile ok" or "profile child" or "machine m1");
    }

    [Fact]
    public void Inventory_XenSettingsInheritedFromParent_StillNeedAXenKernel()
    {
        var findings = InventoryChecks.Run(
            JsonNode.Parse("""[{"name":"bare","kernel":"k","xen":{"pv":false,"pvh":false}}]""")!.AsArray(),
            JsonNode.Parse("""[{"name":"xenbase","distro":"bare","xen":{"vcpus":2}},{"name":"child","parent":"xenbase","kernelArgs":"x"}]""")!.AsArray(),
            []).ToList();
        Assert.Contains(findings, f => f.Subject == "profile child" && f.Severity == Severity.Error);
    }
}
