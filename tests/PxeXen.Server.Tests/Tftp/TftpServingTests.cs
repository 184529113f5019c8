using System.Net;
using System.Text;
using PxeXen.Boot.Files;
using PxeXen.Inventory.Events;
using PxeXen.Inventory.Machines;
using PxeXen.Protocol.Tftp;

namespace PxeXen.Server.Tests.Tftp;

/// <summary>What is served and to whom: the jail, the generated-file seam, boot events, limits.</summary>
public sealed class TftpServingTests
{
    [Theory(Timeout = 30_000)]
    [InlineData("../secret")]
    [InlineData("../../secret")]
    [InlineData("/../secret")]
    [InlineData("a/../../secret")]
    [InlineData("..\\secret")]
    [InlineData("a\\..\\..\\secret")]
    [InlineData("escape/secret")]            // a symlink to the directory holding the secret
    [InlineData("secret-link")]              // a symlink to the secret itself
    [InlineData("%2e%2e/secret")]
    [InlineData("..%2fsecret")]
    [InlineData("%2e%2e%5csecret")]
    public async Task Traversal_NeverServesAByteFromOutside(string name)
    {
        await using var server = await RunningTftpServer.StartAsync();
        var outside = Path.GetDirectoryName(server.Directory)!;
        File.WriteAllText(Path.Combine(outside, "secret"), "TOP SECRET");
        File.CreateSymbolicLink(server.Combine("escape"), outside);
        File.CreateSymbolicLink(server.Combine("secret-link"), Path.Combine(outside, "secret"));
        using var client = new TestTftpClient(server.EndPoint);
        var error = await Assert.ThrowsAsync<TftpErrorException>(() => client.ReadAsync(name, null, null, TestContext.Current.CancellationToken));
        Assert.True(error.Code is TftpErrorCode.AccessViolation or TftpErrorCode.FileNotFound, error.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task OverlongAndControlCharacterNames_AreRefused()
    {
        await using var server = await RunningTftpServer.StartAsync(s => s.MaxPathLength = 100);
        using var client = new TestTftpClient(server.EndPoint);
        var error = await Assert.ThrowsAsync<TftpErrorException>(() => client.ReadAsync(new string('a', 101), null, null, TestContext.Current.CancellationToken));
        Assert.Equal(TftpErrorCode.AccessViolation, error.Code);
        using var other = new TestTftpClient(server.EndPoint);
        error = await Assert.ThrowsAsync<TftpErrorException>(() => other.ReadAsync("a\u0001b", null, null, TestContext.Current.CancellationToken));
        Assert.Equal(TftpErrorCode.AccessViolation, error.Code);
    }

    [Fact(Timeout = 30_000)]
    public async Task SymlinkInsideRoot_IsServed_AndLeadingSlashAndBackslashMeanTheRoot()
    {
        await using var server = await RunningTftpServer.StartAsync();
        var bytes = server.WriteFile("images/debian/linux", 3000);
        File.CreateSymbolicLink(server.Combine("linux"), server.Combine("images/debian/linux"));
        foreach (var name in new[] { "linux", "/images/debian/linux", "images\\debian\\linux", "./images//debian/linux" })
        {
            using var client = new TestTftpClient(server.EndPoint);
            Assert.Equal(bytes, await client.ReadAsync(name, null, null, TestContext.Current.CancellationToken));
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task MalformedDatagrams_AreDroppedAndLogged_AndServingGoesOn()
    {
        await using var server = await RunningTftpServer.StartAsync();
        var bytes = server.WriteFile("f", 2000);
        using var client = new TestTftpClient(server.EndPoint);
        byte[][] garbage = [[], [0], [0, 9, 1, 2], [0, 1, (byte)'f'], [0, 1, (byte)'f', 0, (byte)'o', 0, (byte)'x', 0], [0, 4, 0, 1]];
        foreach (var packet in garbage)
            client.SendRaw(packet);
        Assert.Null(await client.ReceiveAsync(TimeSpan.FromMilliseconds(300), TestContext.Current.CancellationToken));
        Assert.Equal(bytes, await client.ReadAsync("f", null, null, TestContext.Current.CancellationToken));
        Assert.Contains(server.Logs.Lines, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Debug && l.Message.Contains("no NUL terminator"));
    }

    [Fact(Timeout = 30_000)]
    public async Task Stopping_SendsAnErrorToAClientMidTransfer_AndDoesNotWaitOutItsRetries()
    {
        // 10 s x 4 retries would outlast the test's timeout: stopping must not wait for the client.
        var server = await RunningTftpServer.StartAsync(s => s.Timeout = TimeSpan.FromSeconds(10));
        server.WriteFile("f", 100_000);
        using var holder = new TestTftpClient(server.EndPoint);
        holder.SendRequest("f");
        Assert.NotNull(await holder.ReceiveAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken)); // DATA 1, never acknowledged

        await server.DisposeAsync();

        var packet = await holder.ReceiveAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.NotNull(packet);
        Assert.True(TftpReader.TryReadError(packet.Value.Packet, out var code, out var message, out _));
        Assert.Equal(TftpErrorCode.NotDefined, code);
        Assert.Equal("server shutting down", message);
    }

    [Fact(Timeout = 30_000)]
    public async Task OverMaxTransfers_GetsBusyError_NotSilence()
    {
        await using var server = await RunningTftpServer.StartAsync(s => (s.MaxTransfers, s.Timeout) = (1, TimeSpan.FromSeconds(5)));
        server.WriteFile("f", 100_000);
        using var holder = new TestTftpClient(server.EndPoint);
        holder.SendRequest("f");
        Assert.NotNull(await holder.ReceiveAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken)); // DATA 1, never acknowledged
        using var second = new TestTftpClient(server.EndPoint);
        var error = await Assert.ThrowsAsync<TftpErrorException>(() => second.ReadAsync("f", null, null, TestContext.Current.CancellationToken));
        Assert.Contains("busy", error.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task GeneratedFile_IsServedFromMemory_WithItsTsize_AndReportedWithItsMac()
    {
        var menu = Encoding.ASCII.GetBytes("DEFAULT install\nLABEL install\n  KERNEL debian/linux\n");
        var source = new FakeGeneratedFiles("pxelinux.cfg/01-00-16-3e-11-11-11", menu, "00:16:3e:11:11:11");
        var sink = new RecordingSink();
        await using var server = await RunningTftpServer.StartAsync(generated: source, sink: sink);
        var disk = server.WriteFile("pxelinux.0", 700);
        using var client = new TestTftpClient(server.EndPoint);
        Assert.Equal(menu, await client.ReadAsync("/pxelinux.cfg/01-00-16-3e-11-11-11", 1468, null, TestContext.Current.CancellationToken));
        Assert.Equal(menu.Length, TftpOptionSet.Parse(client.OptionAck).TransferSize);
        Assert.Equal("pxelinux.cfg/01-00-16-3e-11-11-11", source.Asked[0].Path);
        Assert.Equal("tftp", source.Asked[0].Transport);
        using var other = new TestTftpClient(server.EndPoint);
        Assert.Equal(disk, await other.ReadAsync("pxelinux.0", null, null, TestContext.Current.CancellationToken)); // not generated: the disk
        await server.WaitIdleAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, sink.Events.Count);
        Assert.Contains(("00:16:3e:11:11:11", BootStage.TftpFile), sink.Events.Select(e => (e.Mac, e.Stage)));
        // A disk file names no machine: the event carries no invented MAC, only the client address.
        var diskEvent = Assert.Single(sink.Events, e => e.Detail!.Contains("path=pxelinux.0"));
        Assert.Equal("", diskEvent.Mac);
        Assert.Contains("client=127.0.0.1", diskEvent.Detail);
    }

    [Fact(Timeout = 30_000)]
    public async Task DiskFile_IsReportedWithTheMacHoldingTheClientsLease()
    {
        var sink = new RecordingSink();
        var leases = new OneLease(IPAddress.Loopback, "00:16:3e:22:22:22");
        await using var server = await RunningTftpServer.StartAsync(sink: sink, leases: leases);
        var kernel = server.WriteFile("debian/linux", 3000);
        using var client = new TestTftpClient(server.EndPoint);
        Assert.Equal(kernel, await client.ReadAsync("debian/linux", 1468, null, TestContext.Current.CancellationToken));
        await server.WaitIdleAsync(TimeSpan.FromSeconds(5));
        var recorded = Assert.Single(sink.Events);
        Assert.Equal(("00:16:3e:22:22:22", BootStage.TftpFile), (recorded.Mac, recorded.Stage));
        Assert.Contains("path=debian/linux", recorded.Detail);
    }

    private sealed class OneLease(IPAddress address, string mac) : ILeaseAddresses
    {
        public ValueTask<string?> FindMacAsync(IPAddress ip, CancellationToken cancellationToken) =>
            ValueTask.FromResult(ip.Equals(address) ? mac : null);

        public ValueTask<IPAddress?> FindAddressAsync(string m, CancellationToken cancellationToken) =>
            ValueTask.FromResult(m == mac ? address : null);
    }

    [Fact(Timeout = 30_000)]
    public async Task Netascii_ConvertsLineEnds_AndAnnouncesTheConvertedSize()
    {
        await using var server = await RunningTftpServer.StartAsync();
        File.WriteAllBytes(server.Combine("menu.txt"), "a\nb\rc"u8.ToArray());
        using var client = new TestTftpClient(server.EndPoint);
        client.SendRequest("menu.txt", "netascii", new TftpOption("tsize", "0"));
        var oack = await client.ReceiveAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.True(TftpReader.TryReadOptionAck(oack!.Value.Packet, out var options, out _));
        Assert.Equal(7, TftpOptionSet.Parse(options).TransferSize);
        var ack = new byte[4];
        TftpWriter.WriteAck(ack, 0);
        client.Socket.SendTo(ack, oack.Value.From);
        var data = await client.ReceiveAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.True(TftpReader.TryReadData(data!.Value.Packet, out _, out var payload, out _));
        Assert.Equal("a\r\nb\r\0c"u8.ToArray(), payload.ToArray());
    }

    [Fact(Timeout = 30_000)]
    public async Task ConcurrentReadsOfOneFile_ShareOneDescriptor()
    {
        await using var server = await RunningTftpServer.StartAsync(s => s.Timeout = TimeSpan.FromSeconds(5));
        var bytes = server.WriteFile("initrd", 100_000);
        var clients = Enumerable.Range(0, 5).Select(_ => new TestTftpClient(server.EndPoint)).ToArray();
        foreach (var c in clients)
            c.SendRequest("initrd");
        foreach (var c in clients)
            Assert.NotNull(await c.ReceiveAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
        Assert.Equal(1, server.Root.OpenFiles);
        foreach (var c in clients)
            c.Dispose();
        using var last = new TestTftpClient(server.EndPoint);
        Assert.Equal(bytes, await last.ReadAsync("initrd", 1468, 8, TestContext.Current.CancellationToken));
    }

    private sealed class FakeGeneratedFiles(string path, byte[] content, string mac) : IGeneratedFileSource
    {
        public List<BootFileRequest> Asked { get; } = [];

        public ValueTask<GeneratedFile?> TryGetAsync(BootFileRequest request, CancellationToken cancellationToken)
        {
            lock (Asked)
                Asked.Add(request);
            return ValueTask.FromResult(request.Path == path ? new GeneratedFile(path, content, mac) : null);
        }
    }

    private sealed class RecordingSink : IBootEventSink
    {
        private readonly List<(string Mac, string Stage, string? Detail)> _events = [];

        public List<(string Mac, string Stage, string? Detail)> Events { get { lock (_events) return [.. _events]; } }

        public void Record(string mac, string stage, string? detail)
        {
            lock (_events)
                _events.Add((mac, stage, detail));
        }
    }
}
