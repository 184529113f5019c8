using PxeXen.EndToEnd.Tests.Infrastructure;

namespace PxeXen.EndToEnd.Tests.Tftp;

/// <summary>
/// The TFTP clients people and firmware-like tools use, against the running service over a veth
/// pair; every file compared by SHA-256.
/// </summary>
public sealed class TftpRealClientTests(TftpService service) : IClassFixture<TftpService>
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(120);

    [Theory(Timeout = 150_000)]
    [InlineData(512)]
    [InlineData(1468)]
    [InlineData(65464)] // granted 1468: the veth MTU is 1500 and Tftp:ClampBlockSizeToMtu is on
    public async Task Curl_ReadsIntact(int blockSize)
    {
        var curl = Command.Require("curl", "curl");
        await service.StartAsync();
        var output = service.Output($"curl-{blockSize}");
        var result = await service.Veth.RunInClientAsync(ClientTimeout, curl, "-sS", "--tftp-blksize", blockSize.ToString(),
            "-o", output, $"tftp://{service.Veth.ServerAddress}:{TftpService.Port}/k10M.bin");
        Assert.True(result.ExitCode == 0, result.ToString());
        AssertSameFile("k10M.bin", output);
        _ = TestContext.Current.CancellationToken;
    }

    [Theory(Timeout = 150_000)]
    [InlineData(1468, null)]
    [InlineData(1468, 16)]
    [InlineData(1468, 64)]
    [InlineData(512, 64)]
    public async Task Atftp_BlksizeAndWindowsize_ReadsIntact(int blockSize, int? windowSize)
    {
        var atftp = Command.Require("atftp", "atftp");
        await service.StartAsync();
        var output = service.Output($"atftp-{blockSize}-{windowSize}");
        string[] options = windowSize is { } w ? ["--option", $"blksize {blockSize}", "--option", $"windowsize {w}"] : ["--option", $"blksize {blockSize}"];
        var result = await service.Veth.RunInClientAsync(ClientTimeout, atftp,
            [.. options, "-g", "-r", "k10M.bin", "-l", output, service.Veth.ServerAddress, TftpService.Port.ToString()]);
        Assert.True(result.ExitCode == 0, result.ToString());
        AssertSameFile("k10M.bin", output);
        _ = TestContext.Current.CancellationToken;
    }

    [Fact(Timeout = 60_000)]
    public async Task Atftp_Blksize65464_IsClampedToTheInterfaceMtu()
    {
        var atftp = Command.Require("atftp", "atftp");
        await service.StartAsync();
        File.Copy(Path.Combine(service.Root, "menu.txt"), Path.Combine(service.Root, "clamp.txt"), overwrite: true);
        var output = service.Output("atftp-clamp");
        var result = await service.Veth.RunInClientAsync(ClientTimeout, atftp, "--option", "blksize 65464", "-g", "-r", "clamp.txt",
            "-l", output, service.Veth.ServerAddress, TftpService.Port.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        AssertSameFile("clamp.txt", output);
        // 1500 - 20 (IPv4) - 8 (UDP) - 4 (TFTP header); atftp prints only what it asked, the service logs what it granted.
        // Wait for this transfer's own line: other tests in the class log "(blksize 1468, windowsize 1)" too, and the
        // client can exit before the service has written its log line.
        await service.Process.WaitForOutputAsync("served clamp.txt to", TimeSpan.FromSeconds(10));
        Assert.Matches(@"served clamp\.txt to [0-9.:]+: \d+ bytes in \d+ ms \(blksize 1468,", service.Process.Output);
        _ = TestContext.Current.CancellationToken;
    }

    [Fact(Timeout = 150_000)]
    public async Task TftpHpa_Binary_ReadsIntact()
    {
        var tftp = Command.Require("tftp", "tftp-hpa");
        await service.StartAsync();
        var output = service.Output("tftp-hpa");
        var result = await service.Veth.RunInClientAsync(ClientTimeout, tftp, "-m", "binary", service.Veth.ServerAddress,
            TftpService.Port.ToString(), "-c", "get", "k10M.bin", output);
        Assert.True(result.ExitCode == 0 && result.StandardError.Length == 0, result.ToString());
        AssertSameFile("k10M.bin", output);
        _ = TestContext.Current.CancellationToken;
    }

    [Fact(Timeout = 60_000)]
    public async Task TftpHpa_Netascii_ReadsTheTextBack()
    {
        var tftp = Command.Require("tftp", "tftp-hpa");
        await service.StartAsync();
        var output = service.Output("tftp-hpa-netascii");
        // tftp-hpa's default mode is netascii: it converts CR LF back to LF on arrival.
        var result = await service.Veth.RunInClientAsync(ClientTimeout, tftp, service.Veth.ServerAddress,
            TftpService.Port.ToString(), "-c", "get", "menu.txt", output);
        Assert.True(result.ExitCode == 0 && result.StandardError.Length == 0, result.ToString());
        AssertSameFile("menu.txt", output);
        _ = TestContext.Current.CancellationToken;
    }

    [Fact(Timeout = 150_000)]
    public async Task Busybox_Blksize1468_ReadsIntact()
    {
        var busybox = Command.Require("busybox", "busybox");
        await service.StartAsync();
        var output = service.Output("busybox");
        var result = await service.Veth.RunInClientAsync(ClientTimeout, busybox, "tftp", "-b", "1468", "-g", "-r", "k10M.bin",
            "-l", output, service.Veth.ServerAddress, TftpService.Port.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        AssertSameFile("k10M.bin", output);
        _ = TestContext.Current.CancellationToken;
    }

    [Fact(Timeout = 400_000)]
    public async Task Curl_100MiB_AtBlksize512_SurvivesBlockNumberWrap()
    {
        var curl = Command.Require("curl", "curl");
        await service.StartAsync();
        service.WriteRandom("i100M.bin", 100L << 20); // 204,801 blocks: the block number wraps three times
        var output = service.Output("curl-100M");
        try
        {
            var result = await service.Veth.RunInClientAsync(TimeSpan.FromSeconds(360), curl, "-sS", "--tftp-blksize", "512",
                "-o", output, $"tftp://{service.Veth.ServerAddress}:{TftpService.Port}/i100M.bin");
            Assert.True(result.ExitCode == 0, result.ToString());
            AssertSameFile("i100M.bin", output);
        }
        finally
        {
            File.Delete(output);
        }
        _ = TestContext.Current.CancellationToken;
    }

    [Fact(Timeout = 200_000)]
    public async Task Curl_TwentyAtOnce_AllIntact()
    {
        var curl = Command.Require("curl", "curl");
        await service.StartAsync();
        var runs = Enumerable.Range(0, 20).Select(async i =>
        {
            var output = service.Output($"storm-{i}");
            var result = await service.Veth.RunInClientAsync(TimeSpan.FromSeconds(180), curl, "-sS", "--tftp-blksize", "1468",
                "-o", output, $"tftp://{service.Veth.ServerAddress}:{TftpService.Port}/k10M.bin");
            return (result, output);
        }).ToArray();
        foreach (var (result, output) in await Task.WhenAll(runs))
        {
            Assert.True(result.ExitCode == 0, result.ToString());
            AssertSameFile("k10M.bin", output);
            File.Delete(output);
        }
        _ = TestContext.Current.CancellationToken;
    }

    [Theory(Timeout = 60_000)]
    [InlineData("../outside/secret")]
    [InlineData("/../outside/secret")]
    [InlineData("../../../../../../etc/passwd")]
    [InlineData("..\\outside\\secret")]
    [InlineData("%2e%2e/outside/secret")]
    [InlineData("..%2foutside%2fsecret")]
    [InlineData("escape/secret")]
    [InlineData("secret-link")]
    [InlineData("/etc/passwd")]
    public async Task Traversal_IsRefused_AndNothingFromOutsideArrives(string name)
    {
        var tftp = Command.Require("tftp", "tftp-hpa");
        await service.StartAsync();
        var output = service.Output("traversal-" + Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(name)));
        var result = await service.Veth.RunInClientAsync(TimeSpan.FromSeconds(30), tftp, "-m", "binary", service.Veth.ServerAddress,
            TftpService.Port.ToString(), "-c", "get", name, output);
        Assert.Matches("Error code [12]", result.StandardOutput + result.StandardError);
        Assert.False(File.Exists(output) && new FileInfo(output).Length > 0, $"{name} delivered {new FileInfo(output).Length} bytes");
        _ = TestContext.Current.CancellationToken;
    }

    [Fact(Timeout = 60_000)]
    public async Task OverlongName_IsRefused()
    {
        var tftp = Command.Require("tftp", "tftp-hpa");
        await service.StartAsync();
        var result = await service.Veth.RunInClientAsync(TimeSpan.FromSeconds(30), tftp, "-m", "binary", service.Veth.ServerAddress,
            TftpService.Port.ToString(), "-c", "get", new string('a', 1100) + "/x", service.Output("overlong"));
        Assert.Contains("Error code 2", result.StandardOutput + result.StandardError);
        _ = TestContext.Current.CancellationToken;
    }

    private void AssertSameFile(string served, string received) =>
        Assert.Equal(TftpService.Sha256(Path.Combine(service.Root, served)), TftpService.Sha256(received));
}
