using System.Text.Json.Nodes;

namespace PxeXen.EndToEnd.Tests.Cli;

/// <summary>A service started with Dhcp:Boot:UnknownMacs=DefaultProfile (as an environment variable would set it).</summary>
public sealed class DefaultProfileCliService : CliService
{
    protected override IEnumerable<string> ExtraSettings => ["--Dhcp:Boot:UnknownMacs=DefaultProfile", "--Dhcp:Boot:DefaultProfile=discovery"];
}

/// <summary>
/// <c>pxexen check</c> against a service whose unregistered machines get a default profile: they
/// would reinstall at every boot, since only a registered machine's netboot can be turned off.
/// </summary>
public sealed class CheckUnknownMacsTests(DefaultProfileCliService service) : IClassFixture<DefaultProfileCliService>
{
    [Fact(Timeout = 120_000)]
    public async Task Check_DefaultProfileForUnknownMacs_WarnsTheyReinstallAtEveryBoot()
    {
        var ct = TestContext.Current.CancellationToken;
        var check = await service.RunAsync(ct, "check", "--no-local");
        // The fixture's "discovery" profile was never added: an error of its own.
        Assert.True(check.ExitCode == 7, check.ToString());
        Assert.Contains("ERROR  Dhcp:Boot:DefaultProfile: profile 'discovery' does not exist", check.StandardOutput);
        Assert.Contains("WARN   Dhcp:Boot:UnknownMacs: DefaultProfile: every unregistered machine that netboots gets profile discovery, and reinstalls at every boot", check.StandardOutput);
        Assert.Contains("--from-seen", check.StandardOutput);

        var json = JsonNode.Parse((await service.RunAsync(ct, "check", "--no-local", "--json")).StandardOutput)!.AsArray();
        Assert.Contains(json, f => (string?)f!["subject"] == "Dhcp:Boot:UnknownMacs" && (string?)f["severity"] == "warning");
    }
}
