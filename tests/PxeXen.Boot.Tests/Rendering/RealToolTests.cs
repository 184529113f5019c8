using PxeXen.Boot.Rendering;

namespace PxeXen.Boot.Tests.Rendering;

/// <summary>Rendered output accepted by the tools that will read it (skipped, saying which package, when missing).</summary>
public sealed class RealToolTests : IDisposable
{
    private readonly BootFixture _boot = new();
    private readonly string _scratch = Directory.CreateTempSubdirectory("pxexen-tool-").FullName;

    [Theory(Timeout = 60_000)]
    [InlineData("web01")]
    [InlineData("node12")]
    [InlineData("local")]
    public async Task GrubConfig_PassesGrubScriptCheck(string machineName)
    {
        var tool = Tool.Require("grub-script-check", "grub-common");
        var text = await RenderAsync(machineName == "local" ? "web01" : machineName, RenderKind.Grub, netbootOff: machineName == "local");
        var result = await Tool.RunAsync(tool, [Write("grub.cfg", text)]);
        Assert.True(result.ExitCode == 0, $"grub-script-check refused:\n{result}\n{text}");
    }

    [Fact(Timeout = 60_000)]
    public async Task GrubCheck_CatchesABrokenConfig()
    {
        // The check above must be able to fail: an unterminated menuentry is refused.
        var tool = Tool.Require("grub-script-check", "grub-common");
        var result = await Tool.RunAsync(tool, [Write("broken.cfg", "menuentry 'x' {\n  linux /vmlinuz\n")]);
        Assert.NotEqual(0, result.ExitCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task Preseed_PassesDebconfCheckonly()
    {
        var tool = Tool.Require("debconf-set-selections", "debconf");
        var text = await RenderAsync("web01", RenderKind.Answer);
        var result = await Tool.RunAsync(tool, ["--checkonly", Write("preseed.cfg", text)]);
        Assert.True(result.ExitCode == 0 && result.StandardError.Length == 0, $"debconf-set-selections refused:\n{result}");
        var broken = await Tool.RunAsync(tool, ["--checkonly", Write("broken.cfg", "d-i netcfg/get_hostname\n")]);
        Assert.True(broken.ExitCode != 0 || broken.StandardError.Length > 0, "the check must be able to fail");
    }

    [Fact(Timeout = 120_000)]
    public async Task Autoinstall_PassesCloudInitSchema()
    {
        var tool = Tool.Require("cloud-init", "cloud-init");
        var text = await RenderAsync("desk07", RenderKind.Answer);
        var result = await Tool.RunAsync(tool, ["schema", "--config-file", Write("user-data", text)], TimeSpan.FromSeconds(100));
        Assert.True(result.ExitCode == 0, $"cloud-init schema refused:\n{result}\n{text}");
        var broken = await Tool.RunAsync(tool, ["schema", "--config-file", Write("broken", "#cloud-config\nautoinstall: 5\nruncmd: 7\n")], TimeSpan.FromSeconds(100));
        Assert.NotEqual(0, broken.ExitCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task AutoYast_IsWellFormedXml()
    {
        var tool = Tool.Require("xmllint", "libxml2-utils");
        var text = await RenderAsync("sles01", RenderKind.Answer);
        var result = await Tool.RunAsync(tool, ["--noout", Write("autoyast.xml", text)]);
        Assert.True(result.ExitCode == 0, $"xmllint refused:\n{result}");
    }

    private async Task<string> RenderAsync(string machineName, RenderKind kind, bool netbootOff = false)
    {
        var ct = TestContext.Current.CancellationToken;
        await _boot.SeedAsync(ct);
        if (netbootOff)
            await _boot.Store.SetNetbootAsync(machineName, false, ct);
        var outcome = await _boot.Renderer.RenderAsync(await _boot.MachineAsync(machineName, ct), null, kind, null, null, ct);
        Assert.True(outcome.Succeeded, outcome.Error);
        return outcome.Text!;
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_scratch, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        _boot.Dispose();
        Directory.Delete(_scratch, recursive: true);
    }
}
