using PxeXen.EndToEnd.Tests.Infrastructure;

namespace PxeXen.EndToEnd.Tests.Http;

/// <summary>
/// The service as an operator runs it (its own process, settings on the command line): a machine
/// registered with curl, then what that machine fetches, fetched by real clients (curl over HTTP,
/// curl and atftp over TFTP) on 127.0.0.1.
/// </summary>
public sealed class BootOverHttpTests
{
    private const string Mac = "00:16:3e:11:11:11";

    private sealed record Running(TempDirectory Directory, ServiceProcess Service, int HttpPort, int TftpPort, string Token) : IAsyncDisposable
    {
        public string Http => $"http://127.0.0.1:{HttpPort}";

        public async ValueTask DisposeAsync()
        {
            await Service.DisposeAsync();
            Directory.Dispose();
        }
    }

    private static async Task<Running> StartAndRegisterAsync(string curl, CancellationToken ct)
    {
        var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("boot-images", "debian12"));
        File.WriteAllBytes(dir.Combine("boot-images", "debian12", "linux"), Enumerable.Range(0, 300_000).Select(i => (byte)(i % 251)).ToArray());
        File.WriteAllText(dir.Combine("boot-images", "debian12", "initrd.gz"), "initrd");
        var httpPort = Random.Shared.Next(30_000, 40_000);
        var tftpPort = Random.Shared.Next(40_000, 50_000);
        var menus = Path.Combine(RepoRoot(), "menus");
        var service = await ServiceProcess.StartAsync(dir.Path,
        [
            "--Http:Address=127.0.0.1", $"--Http:Port={httpPort}", "--Tftp:Address=127.0.0.1", $"--Tftp:Port={tftpPort}",
            $"--Service:Menus={menus}",
        ]);
        var running = new Running(dir, service, httpPort, tftpPort, File.ReadAllText(dir.Combine("data", "api-token")).Trim());
        try
        {
            await CurlJsonAsync(curl, running, "POST", "/api/v1/distros", """{"name":"debian12","kernel":"debian12/linux","initrds":["debian12/initrd.gz"],"breed":"debian"}""", ct);
            await CurlJsonAsync(curl, running, "POST", "/api/v1/profiles", """{"name":"debian12-xen","distro":"debian12","kernelArgs":"console=hvc0"}""", ct);
            await CurlJsonAsync(curl, running, "POST", "/api/v1/machines", $$"""{"name":"web01","macs":["{{Mac}}"],"profile":"debian12-xen","ip":"10.0.0.5"}""", ct);
            return running;
        }
        catch
        {
            await running.DisposeAsync();
            throw;
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Curl_FetchesIpxeScriptKernelRangeAndAnswerFile()
    {
        var ct = TestContext.Current.CancellationToken;
        var curl = Command.Require("curl", "curl");
        await using var running = await StartAndRegisterAsync(curl, ct);

        var script = await CurlAsync(curl, [$"{running.Http}/ipxe/00-16-3e-11-11-11"], ct);
        Assert.StartsWith("#!ipxe", script.StandardOutput);
        Assert.Contains($"kernel {running.Http}/boot-images/debian12/linux", script.StandardOutput);

        var range = await CurlAsync(curl, ["-r", "1000-1099", "-o", running.Directory.Combine("part"), "-w", "%{http_code} %{size_download}", $"{running.Http}/boot-images/debian12/linux"], ct);
        Assert.Equal("206 100", range.StandardOutput);
        var whole = File.ReadAllBytes(running.Directory.Combine("boot-images", "debian12", "linux"));
        Assert.Equal(whole[1000..1100], File.ReadAllBytes(running.Directory.Combine("part")));

        var answer = await CurlAsync(curl, [$"{running.Http}/answers/{Mac}"], ct);
        Assert.StartsWith("#_preseed_V1", answer.StandardOutput);
        Assert.Contains("d-i netcfg/get_hostname string web01", answer.StandardOutput);

        var installed = await CurlAsync(curl, ["-X", "POST", $"{running.Http}/installed/{Mac}"], ct);
        Assert.Contains("netboot off", installed.StandardOutput);
        var local = await CurlAsync(curl, [$"{running.Http}/ipxe/{Mac}"], ct);
        Assert.DoesNotContain("kernel", local.StandardOutput);
    }

    [Fact(Timeout = 120_000)]
    public async Task TftpClients_FetchTheGeneratedPxelinuxConfig()
    {
        var ct = TestContext.Current.CancellationToken;
        var curl = Command.Require("curl", "curl");
        await using var running = await StartAndRegisterAsync(curl, ct);
        var path = "pxelinux.cfg/01-00-16-3e-11-11-11";

        var viaCurl = await CurlAsync(curl, [$"tftp://127.0.0.1:{running.TftpPort}/{path}"], ct);
        Assert.Contains("KERNEL debian12/linux", viaCurl.StandardOutput);
        Assert.Contains($"url=http://", viaCurl.StandardOutput);

        // atftp and tftp-hpa's tftp must get the very same bytes; a missing one skips (after the others ran).
        var missing = new List<string>();
        if (Command.Find("atftp") is { } atftp)
        {
            var target = running.Directory.Combine("atftp.cfg");
            var result = await Command.RunAsync(atftp, ["-g", "-r", path, "-l", target, "127.0.0.1", running.TftpPort.ToString()], TimeSpan.FromSeconds(30), cancellationToken: ct);
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal(viaCurl.StandardOutput, File.ReadAllText(target));
        }
        else
            missing.Add("atftp (Debian package atftp)");
        if (Command.Find("tftp") is { } tftpHpa)
        {
            var result = await Command.RunAsync(tftpHpa, ["127.0.0.1", running.TftpPort.ToString(), "-m", "binary", "-c", "get", path, "hpa.cfg"],
                TimeSpan.FromSeconds(30), workingDirectory: running.Directory.Path, cancellationToken: ct);
            // The bytes are the proof: on "file not found" tftp-hpa 5.2 exits 0 and leaves an empty file.
            var target = running.Directory.Combine("hpa.cfg");
            Assert.True(File.Exists(target), result.ToString());
            Assert.Equal(viaCurl.StandardOutput, File.ReadAllText(target));
        }
        else
            missing.Add("tftp (Debian package tftp-hpa)");
        if (missing.Count > 0)
            Assert.Skip($"{string.Join(", ", missing)} not installed; the other clients passed");
    }

    private static async Task<Command.Result> CurlAsync(string curl, string[] arguments, CancellationToken ct)
    {
        var result = await Command.RunAsync(curl, ["-sS", "--fail-with-body", "--max-time", "20", .. arguments], TimeSpan.FromSeconds(30), cancellationToken: ct);
        Assert.True(result.ExitCode == 0, $"curl {string.Join(' ', arguments)}: {result}");
        return result;
    }

    private static Task<Command.Result> CurlJsonAsync(string curl, Running running, string method, string path, string body, CancellationToken ct) =>
        CurlAsync(curl, ["-X", method, "-H", $"Authorization: Bearer {running.Token}", "-H", "Content-Type: application/json", "-d", body, running.Http + path], ct);

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PxeXen.sln")))
                return dir.FullName;
        throw new InvalidOperationException("PxeXen.sln not found");
    }
}
