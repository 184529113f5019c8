namespace PxeXen.Bootloader.Tests.Output;

/// <summary>
/// xend and libxl 4.1 read --output as a FIFO they opened first (spec §1 rule 1, §12.3): the helper
/// must open it on every path, so the reader always gets EOF and never hangs.
/// </summary>
public sealed class FifoOutputTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pxexen-fifo-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>The toolstack side: open O_RDONLY (blocks until a writer appears), read to EOF.</summary>
    private static Task<byte[]> ReadFifoAsync(string fifo, CancellationToken cancellationToken) => Task.Run(async () =>
    {
        await using var reader = new FileStream(fifo, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
        using var all = new MemoryStream();
        await reader.CopyToAsync(all, cancellationToken);
        return all.ToArray();
    }, cancellationToken);

    [Fact(Timeout = 30_000)]
    public async Task XendShape_NoMac_ReaderSeesEofAndNothing()
    {
        var fifo = Path.Combine(_directory, "xenbl.1234");
        HelperProcess.MakeFifo(fifo);
        var reader = ReadFifoAsync(fifo, TestContext.Current.CancellationToken);
        var (exit, stdout, stderr) = await HelperProcess.RunAsync(["-q", "--output=" + fifo, "/dev/vg0/lady"], TestContext.Current.CancellationToken);
        var data = await reader.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(1, exit);
        Assert.Empty(data);
        Assert.Empty(stdout);
        var lines = stderr.TrimEnd().Split('\n');
        Assert.Contains("no guest MAC", lines[^2]);
        Assert.Equal("pxexen-boot: boot failed", lines[^1]);
    }

    [Fact(Timeout = 30_000)]
    public async Task Libxl41Shape_BadOutputFormat_ReaderSeesEof()
    {
        var fifo = Path.Combine(_directory, "fifo");
        HelperProcess.MakeFifo(fifo);
        var reader = ReadFifoAsync(fifo, TestContext.Current.CancellationToken);
        var (exit, _, stderr) = await HelperProcess.RunAsync(
            ["--output=" + fifo, "--output-format=xml", "--output-directory=" + _directory, "mac=00:16:3e:11:11:11", "/dev/vg0/g"], TestContext.Current.CancellationToken);
        Assert.Empty(await reader.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.Equal(1, exit);
        Assert.Contains("unknown output format", stderr);
    }

    [Fact(Timeout = 30_000)]
    public async Task RegularFile_FailurePath_LeavesItEmpty()
    {
        var output = Path.Combine(_directory, "bootloader.7.out");
        await File.WriteAllBytesAsync(output, [], TestContext.Current.CancellationToken); // libxl pre-creates it
        var (exit, _, _) = await HelperProcess.RunAsync(["--output=" + output, "--output-format=simple0", "--mac=01:00:5e:00:00:01", "/d"], TestContext.Current.CancellationToken);
        Assert.Equal(1, exit);
        Assert.Empty(await File.ReadAllBytesAsync(output, TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = 30_000)]
    public async Task XapiShape_NoOutput_StdoutStaysEmptyOnFailure()
    {
        var (exit, stdout, stderr) = await HelperProcess.RunAsync(["-q", "--default_args", "console=hvc0", "--vm", "b8945908-d6a6-41a9-611d-74a6ab80b83d", "/dev/x"], TestContext.Current.CancellationToken);
        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        Assert.EndsWith("boot failed\n", stderr);
    }

    [Fact(Timeout = 30_000)]
    public async Task UnwritableOutputDirectory_FailsCleanly()
    {
        var output = Path.Combine(_directory, "o");
        var (exit, _, stderr) = await HelperProcess.RunAsync(["--output=" + output, "--output-directory=/proc/nonexistent/dir", "--mac=00:16:3e:11:11:11",
            "--dhcp-timeout=1", "/d"], TestContext.Current.CancellationToken);
        Assert.Equal(1, exit);
        Assert.Contains("error:", stderr);
        Assert.Empty(await File.ReadAllBytesAsync(output, TestContext.Current.CancellationToken));
    }
}
