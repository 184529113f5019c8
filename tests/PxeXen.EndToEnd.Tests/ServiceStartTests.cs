using PxeXen.EndToEnd.Tests.Infrastructure;

namespace PxeXen.EndToEnd.Tests;

/// <summary>The service as an operator starts it: embedded defaults, settings on the command line.</summary>
public sealed class ServiceStartTests
{
    [Theory(Timeout = 60_000)]
    [InlineData("--Service:BootImages=/nonexistent/boot", "invalid setting Service:BootImages: directory '/nonexistent/boot' does not exist")]
    [InlineData("--Tftp:Port=70000", "invalid setting Tftp:Port:")]
    [InlineData("--Tftp:Port=abc", "invalid setting: Failed to convert configuration value 'abc' at 'Tftp:Port'")]
    public async Task WrongSetting_StopsStartUpWithOneLineNamingTheKey(string argument, string expected)
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("boot-images")); // so that only the wrong setting is wrong
        var server = Path.Combine(AppContext.BaseDirectory, "pxexen-server.dll");
        var result = await Command.RunAsync("dotnet", [server, argument, "--urls=http://127.0.0.1:0"], TimeSpan.FromSeconds(50), dir.Path, TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 78, result.ToString()); // EX_CONFIG
        Assert.Contains(expected, result.StandardError);
        // What to fix, and no stack trace of the host above it.
        Assert.DoesNotContain("   at ", result.StandardOutput + result.StandardError);
    }

    [Fact(Timeout = 60_000)]
    public async Task Healthz_AnswersOnTheConfiguredUrl()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("boot-images"));
        var port = Random.Shared.Next(20_000, 30_000);
        await using var service = await ServiceProcess.StartAsync(dir.Path, [$"--urls=http://127.0.0.1:{port}"]);
        using var http = new HttpClient();
        Assert.Equal("ok\n", await http.GetStringAsync($"http://127.0.0.1:{port}/healthz", TestContext.Current.CancellationToken));
    }
}
