namespace PxeXen.Cli.Tests;

/// <summary>The command line itself: help, wrong arguments, exit code 2, nothing sent.</summary>
public sealed class UsageTests
{
    [Fact(Timeout = 30_000)]
    public async Task Help_ListsEveryNounAndTheExitCodes()
    {
        using var cli = new Cli();
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "--help");
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        foreach (var noun in new[] { "distro", "profile", "machine", "lease", "events", "seen", "render", "explain", "domu-config", "check" })
            Assert.Contains(noun, result.Out);
        Assert.Contains("3 server unreachable", result.Out);
        Assert.Empty(cli.Server.Requests);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("frobnicate")]
    [InlineData("machine", "add", "web01")]
    [InlineData("machine", "add", "web01", "--mac", "00:16:3e:11:11:11")]
    [InlineData("machine", "add", "web01", "--mac", "not-a-mac", "--profile", "p")]
    [InlineData("machine", "add", "web01", "--mac", "00:16:3e:11:11:11", "--profile", "p", "--ip", "10.0.0")]
    [InlineData("machine", "netboot", "web01", "maybe")]
    [InlineData("render", "web01", "--template", "bogus")]
    [InlineData("explain")]
    [InlineData("explain", "--mac", "00:16:3e:11:11:11", "--arch", "seven")]
    [InlineData("profile", "add", "p1")]
    [InlineData("profile", "add", "p1", "--distro", "d", "--memory", "0")]
    [InlineData("profile", "add", "p1", "--distro", "d", "--var", "novalue")]
    [InlineData("distro", "add", "d1")]
    [InlineData("--server", "ftp://host", "distro", "list")]
    public async Task WrongArguments_ExitTwoAndSendNothing(params string[] args)
    {
        using var cli = new Cli();
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, args);
        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.StartsWith("pxexen: ", result.Error);
        Assert.Empty(result.Out);
        Assert.Empty(cli.Server.Requests);
    }

    [Fact(Timeout = 30_000)]
    public async Task MissingOption_SaysWhichAndWhereHelpIs()
    {
        using var cli = new Cli();
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "machine", "add", "web01", "--mac", "00:16:3e:11:11:11");
        Assert.Contains("--profile", result.Error);
        Assert.Contains("see 'pxexen machine add --help'", result.Error);
    }

    [Fact(Timeout = 30_000)]
    public async Task BadMac_NamesTheOptionAndTheExpectedForm()
    {
        using var cli = new Cli();
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "machine", "add", "web01", "--mac", "00:16:3e:11:11", "--profile", "p");
        Assert.Contains("--mac '00:16:3e:11:11' is not a MAC address", result.Error);
        Assert.Contains("aa:bb:cc:dd:ee:ff", result.Error);
    }

    [Theory(Timeout = 30_000)]
    [InlineData(new string[0], "machine")]
    [InlineData(new[] { "machine" }, "netboot")]
    public async Task GroupAlone_ShowsItsHelpAndExitsTwo(string[] args, string expected)
    {
        using var cli = new Cli();
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, args);
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(expected, result.Out);
        Assert.Empty(cli.Server.Requests);
    }
}
