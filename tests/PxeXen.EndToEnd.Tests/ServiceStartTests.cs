using PxeXen.EndToEnd.Tests.Infrastructure;

namespace PxeXen.EndToEnd.Tests;

/// <summary>The service as an operator starts it: embedded defaults, settings on the command line.</summary>
public sealed class ServiceStartTests
{
    [Fact(Timeout = 60_000)]
    public async Task WrongSetting_StopsStartUpWithTheKeyNamed()
    {
        using var dir = new TempDirectory();
        var server = Path.Combine(AppContext.BaseDirectory, "pxexen-server.dll");
        var result = await Command.RunAsync("dotnet", [server, "--Service:BootImages=/nonexistent/boot"], TimeSpan.FromSeconds(50), dir.Path, TestContext.Current.CancellationToken);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Service:BootImages", result.StandardError);
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
