using System.Net;

namespace PxeXen.Cli.Tests;

public sealed class RenderExplainTests
{
    private const string XlCfg = "name = \"web01\"\nbootloader = \"/usr/lib/xen/bin/pxexen-boot\"\nbootloader_args = [ \"--mac=00:16:3e:11:11:11\" ]\n";

    [Theory(Timeout = 30_000)]
    [InlineData(new string[0], "pxelinux")]
    [InlineData(new[] { "--template", "ipxe" }, "ipxe")]
    [InlineData(new[] { "-t", "answer" }, "answer")]
    [InlineData(new[] { "-t", "xl.cfg" }, "xl.cfg")]
    public async Task Render_AsksForTheKindAndPrintsTheTextAsIs(string[] options, string kind)
    {
        using var cli = new Cli();
        cli.Server.On("GET", $"/machines/web01/render/{kind}", HttpStatusCode.OK, "DEFAULT install\nLABEL install\n", "text/plain");
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, ["render", "web01", .. options]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("DEFAULT install\nLABEL install\n", result.Out);
    }

    [Fact(Timeout = 30_000)]
    public async Task Render_TemplateError_ShowsTheServersMessage()
    {
        using var cli = new Cli();
        cli.Server.On("GET", "/machines/web01/render/answer", HttpStatusCode.BadRequest, """{"error":"menus/answers/preseed.scriban(3,5): variable 'mirror' not found"}""");
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "render", "web01", "-t", "answer");
        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.Contains("variable 'mirror' not found", result.Error);
    }

    [Fact(Timeout = 30_000)]
    public async Task DomuConfig_ToStdout()
    {
        using var cli = new Cli();
        cli.Server.On("GET", "/machines/web01/render/xl.cfg", HttpStatusCode.OK, XlCfg, "text/plain");
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "domu-config", "web01");
        Assert.Equal(XlCfg, result.Out);
    }

    [Fact(Timeout = 30_000)]
    public async Task DomuConfig_ToFile_RefusesToOverwriteWithoutForce()
    {
        using var cli = new Cli();
        cli.Server.On("GET", "/machines/web01/render/xl.cfg", HttpStatusCode.OK, XlCfg, "text/plain");
        var file = Path.Combine(cli.WorkingDirectory, "web01.cfg");

        var first = await cli.RunAsync(TestContext.Current.CancellationToken, "domu-config", "web01", "-o", file);
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(XlCfg, await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken));
        Assert.Contains("xl create", first.Error);

        await File.WriteAllTextAsync(file, "mine", TestContext.Current.CancellationToken);
        var second = await cli.RunAsync(TestContext.Current.CancellationToken, "domu-config", "web01", "-o", file);
        Assert.Equal(ExitCodes.Usage, second.ExitCode);
        Assert.Contains("--force", second.Error);
        Assert.Equal("mine", await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken));

        Assert.Equal(0, (await cli.RunAsync(TestContext.Current.CancellationToken, "domu-config", "web01", "-o", file, "--force")).ExitCode);
        Assert.Equal(XlCfg, await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = 30_000)]
    public async Task Explain_PrintsNumberedStepsWithTheirRules()
    {
        using var cli = new Cli();
        cli.Server.Json("GET", "/explain?mac=00%3A16%3A3e%3A11%3A11%3A11&arch=7&userClass=iPXE",
            """{"steps":[{"step":"machine","decision":"web01 (profile debian12-xen)","rule":"MAC 00:16:3e:11:11:11 is registered"},{"step":"firmware","decision":"iPXE on UEFI x64","rule":"option 77 user class is 'iPXE'"},{"step":"boot file","decision":"http://10.0.0.1:5000/boot/ipxe/00-16-3e-11-11-11","rule":"iPXE gets its script over HTTP, never the iPXE binary again"}],"bootFile":"http://10.0.0.1:5000/boot/ipxe/00-16-3e-11-11-11"}""");
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "explain", "--mac", "00:16:3E:11:11:11", "--arch", "7", "--user-class", "iPXE");
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Out.Split('\n');
        Assert.Equal("1. machine: web01 (profile debian12-xen)", lines[0]);
        Assert.Equal("   rule: MAC 00:16:3e:11:11:11 is registered", lines[1]);
        Assert.StartsWith("2. firmware: iPXE on UEFI x64", lines[2]);
        Assert.Contains("3. boot file: http://10.0.0.1:5000/boot/ipxe/00-16-3e-11-11-11", result.Out);
        Assert.Contains("bootFile: http://10.0.0.1:5000/boot/ipxe/00-16-3e-11-11-11", result.Out);
    }

    [Fact(Timeout = 30_000)]
    public async Task Explain_RuleAndOutcomeSteps_ReadAsQuestionAndAnswer()
    {
        using var cli = new Cli();
        cli.Server.Json("GET", "/explain?mac=00%3A16%3A3e%3A11%3A11%3A11&userClass=XenPV",
            """{"action":"NetBoot","bootFile":"pxelinux.0","profile":"debian12-xen","registered":true,"vendorClass":"PXEClient","steps":[{"rule":"registered MAC","outcome":"machine web01, profile debian12-xen"},{"rule":"user class XenPV","outcome":"Xen helper: siaddr and pxelinux.0"}]}""");
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "explain", "--mac", "00:16:3e:11:11:11", "--user-class", "XenPV");
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Out.Split('\n');
        Assert.Equal("1. registered MAC: machine web01, profile debian12-xen", lines[0]);
        Assert.Equal("2. user class XenPV: Xen helper: siaddr and pxelinux.0", lines[1]);
        Assert.Contains("bootFile: pxelinux.0", result.Out);
        Assert.Contains("registered: yes", result.Out);
    }
}
