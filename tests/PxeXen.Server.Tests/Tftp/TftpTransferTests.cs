using System.Security.Cryptography;
using PxeXen.Protocol.Tftp;
using PxeXen.Server.Tests.Dhcp;
using PxeXen.Server.Tftp;

namespace PxeXen.Server.Tests.Tftp;

/// <summary>Whole transfers over loopback with the real listener; loss is injected by the test client.</summary>
public sealed class TftpTransferTests
{
    [Theory(Timeout = 30_000)]
    [InlineData(1000, null, null)]          // RFC 1350 only: no OACK
    [InlineData(512 * 20, null, null)]      // a multiple of 512: ends with an empty DATA
    [InlineData(300_000, 1468, null)]
    [InlineData(300_000, 1468, 16)]
    [InlineData(1_000_000, 65464, 2)]      // 2 x 64 KiB fits a default socket receive buffer
    [InlineData(0, 512, 8)]                 // empty file: one empty DATA
    public async Task Read_ArrivesIntact(int length, int? blockSize, int? windowSize)
    {
        await using var server = await RunningTftpServer.StartAsync();
        var bytes = server.WriteFile("images/vmlinuz", length);
        using var client = new TestTftpClient(server.EndPoint);
        var read = await client.ReadAsync("images/vmlinuz", blockSize, windowSize, TestContext.Current.CancellationToken, askSize: blockSize is not null);
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(read));
        Assert.All(client.DataCountPerBlock.Values, count => Assert.Equal(1, count));
    }

    [Fact(Timeout = 30_000)]
    public async Task OptionAck_GrantsWhatWasAsked_WithExactTsize()
    {
        await using var server = await RunningTftpServer.StartAsync(s => s.MaxWindowSize = 32);
        server.WriteFile("f", 12345);
        using var client = new TestTftpClient(server.EndPoint);
        await client.ReadAsync("f", 1024, 64, TestContext.Current.CancellationToken);
        Assert.Equal(new TftpOptionSet(1024, null, 12345, 32), TftpOptionSet.Parse(client.OptionAck));
    }

    [Theory(Timeout = 30_000)]
    [InlineData(65464, 64, 2)]     // 4 MiB asked: two 64 KiB blocks fit 128 KiB
    [InlineData(1468, 64, 64)]     // 94 KB: granted as asked
    [InlineData(1468, 256, 89)]    // 376 KB asked: 89 x 1468 bytes fit
    [InlineData(65464, 1, 1)]
    public async Task OptionAck_BoundsTheWindowInBytes(int blockSize, int askedWindow, int grantedWindow)
    {
        await using var server = await RunningTftpServer.StartAsync(s => s.MaxWindowBytes = 128 << 10);
        var bytes = server.WriteFile("f", 300_000);
        using var client = new TestTftpClient(server.EndPoint);
        var read = await client.ReadAsync("f", blockSize, askedWindow, TestContext.Current.CancellationToken);
        Assert.Equal(grantedWindow, TftpOptionSet.Parse(client.OptionAck).WindowSize);
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(read));
    }

    [Theory(Timeout = 60_000)]
    [InlineData(null, 7, 5)]
    [InlineData(16, 7, 5)]
    [InlineData(64, 11, 3)]
    public async Task Read_WithLostDataAndAcks_ArrivesIntact(int? windowSize, int oneInData, int oneInAcks)
    {
        // Short server timeout, generous retries: a loaded CI machine (other suites in parallel) can leave
        // the client silent for several server timeouts in a row, and this test is about loss, not the
        // retry limit.
        // Losses are drawn at random (seeded), not every n-th packet: a resent window of a multiple of
        // n packets (55 at the end of a 196-block file, n = 11) lost the same block every time, and
        // client and server waited on each other until the retries ran out.
        var dataLoss = new Random(oneInData);
        var ackLoss = new Random(oneInAcks);
        await using var server = await RunningTftpServer.StartAsync(s => { s.Timeout = TimeSpan.FromMilliseconds(40); s.Retries = 150; }, null, null);
        var bytes = server.WriteFile("f", 200_000);
        using var client = new TestTftpClient(server.EndPoint)
        {
            DropData = _ => dataLoss.Next(oneInData) == 0,
            DropAck = _ => ackLoss.Next(oneInAcks) == 0,
            ClientTimeout = TimeSpan.FromMilliseconds(100),
        };
        var read = await client.ReadAsync("f", 1024, windowSize, TestContext.Current.CancellationToken);
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(read));
    }

    [Fact(Timeout = 60_000)]
    public async Task Read_PastBlock65535_WrapsAndArrivesIntact()
    {
        // blksize 8 makes 80,001 blocks of a 640 KB file: the block number wraps once.
        await using var server = await RunningTftpServer.StartAsync();
        var bytes = server.WriteFile("wrap", 640_000);
        using var client = new TestTftpClient(server.EndPoint);
        var read = await client.ReadAsync("wrap", 8, 64, TestContext.Current.CancellationToken);
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(read));
        Assert.Equal(80_001, client.DataCountPerBlock.Count);
    }

    [Fact(Timeout = 30_000)]
    public async Task DuplicateAcks_CauseNoDuplicateData_SorcerersApprentice()
    {
        await using var server = await RunningTftpServer.StartAsync(s => s.Timeout = TimeSpan.FromSeconds(5));
        var bytes = server.WriteFile("f", 100_000);
        using var client = new TestTftpClient(server.EndPoint) { RepeatAcks = true };
        var read = await client.ReadAsync("f", 512, null, TestContext.Current.CancellationToken);
        Assert.Equal(bytes, read);
        Assert.All(client.DataCountPerBlock, pair => Assert.True(pair.Value == 1, $"block {pair.Key} sent {pair.Value} times"));
    }

    [Fact(Timeout = 30_000)]
    public async Task MissingFinalAck_EndsQuietly_WithoutError()
    {
        await using var server = await RunningTftpServer.StartAsync(s => (s.Timeout, s.Retries) = (TimeSpan.FromMilliseconds(30), 3));
        server.WriteFile("f", 5000);
        using var client = new TestTftpClient(server.EndPoint) { WithholdFinalAck = true };
        await client.ReadAsync("f", 1024, null, TestContext.Current.CancellationToken);
        await server.WaitIdleAsync(TimeSpan.FromSeconds(5));
        // What arrives afterwards is the last block again, never an ERROR.
        while (await client.ReceiveAsync(TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken) is { } late)
            Assert.True(TftpReader.TryReadData(late.Packet, out _, out _, out _), "expected only DATA retransmissions");
        Assert.Contains(server.Logs.Lines, l => l.Message.Contains("never acknowledged the last block"));
    }

    [Fact(Timeout = 30_000)]
    public async Task WrongTid_GetsError5_AndTheTransferGoesOn()
    {
        await using var server = await RunningTftpServer.StartAsync(s => s.Timeout = TimeSpan.FromSeconds(2));
        var bytes = server.WriteFile("f", 50_000);
        using var client = new TestTftpClient(server.EndPoint);
        client.SendRequest("f");
        var first = await client.ReceiveAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.NotNull(first);
        using var stranger = new TestTftpClient(first.Value.From);
        var ack = new byte[4];
        TftpWriter.WriteAck(ack, 1);
        stranger.SendRaw(ack);
        var answer = await stranger.ReceiveAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.NotNull(answer);
        Assert.True(TftpReader.TryReadError(answer.Value.Packet, out var code, out _, out _));
        Assert.Equal(TftpErrorCode.UnknownTransferId, code);

        // The real client carries on from block 1 as if nothing happened.
        var content = new MemoryStream();
        var packet = first.Value.Packet;
        while (true)
        {
            Assert.True(TftpReader.TryReadData(packet, out var block, out var payload, out _));
            content.Write(payload);
            TftpWriter.WriteAck(ack, block);
            client.Socket.SendTo(ack, first.Value.From);
            if (payload.Length < 512)
                break;
            packet = (await client.ReceiveAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken))!.Value.Packet;
        }
        Assert.Equal(bytes, content.ToArray());
    }

    [Fact(Timeout = 30_000)]
    public async Task WarmUp_ServesItselfOverLoopbackBeforeTheFirstRequest_AndLeavesNoTrace()
    {
        var events = new RecordingEvents();
        await using var server = await RunningTftpServer.StartAsync(sink: events);
        Assert.Contains(server.Logs.Lines, l => l.Message.StartsWith("TFTP warmed up in", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Logs.Lines, l => l.Message.Contains("warm-up failed") || l.Message.Contains("pxexen-warm-up"));
        Assert.Empty(events.Events);
        Assert.Empty(Directory.EnumerateFileSystemEntries(server.Directory));
        Assert.Equal(0, server.ActiveTransfers);

        // And the first real request is served as any other.
        var bytes = server.WriteFile("f", 100_000);
        using var client = new TestTftpClient(server.EndPoint);
        Assert.Equal(bytes, await client.ReadAsync("f", 1468, 16, TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = 30_000)]
    public async Task AClientWhosePortCloses_EndsItsTransfer_AtTheFirstRetransmission()
    {
        // Twenty retries of 200 ms would keep the transfer four seconds; the ICMP port unreachable
        // that answers the first retransmission ends it.
        await using var server = await RunningTftpServer.StartAsync(s => (s.Timeout, s.Retries) = (TimeSpan.FromMilliseconds(200), 20));
        server.WriteFile("f", 50_000);
        var client = new TestTftpClient(server.EndPoint);
        client.SendRequest("f");
        Assert.NotNull(await client.ReceiveAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
        client.Dispose();
        await server.WaitIdleAsync(TimeSpan.FromSeconds(2));
        Assert.Contains(server.Logs.Lines, l => l.Message.Contains("ConnectionRefused"));
        Assert.DoesNotContain(server.Logs.Lines, l => l.Message.Contains("gave up"));
    }

    [Fact(Timeout = 30_000)]
    public async Task WriteRequest_GetsAccessViolation()
    {
        await using var server = await RunningTftpServer.StartAsync();
        using var client = new TestTftpClient(server.EndPoint);
        var buffer = new byte[64];
        var n = TftpWriter.WriteRequest(buffer, TftpOpcode.WriteRequest, "upload.bin", "octet", []);
        client.SendRaw(buffer.AsSpan(0, n));
        var answer = await client.ReceiveAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.True(TftpReader.TryReadError(answer!.Value.Packet, out var code, out _, out _));
        Assert.Equal(TftpErrorCode.AccessViolation, code);
        Assert.False(File.Exists(server.Combine("upload.bin")));
    }

    [Theory(Timeout = 30_000)]
    [InlineData("missing.bin", TftpErrorCode.FileNotFound)]
    [InlineData("dir", TftpErrorCode.AccessViolation)]
    public async Task Unservable_GetsError(string name, TftpErrorCode expected)
    {
        await using var server = await RunningTftpServer.StartAsync();
        Directory.CreateDirectory(server.Combine("dir"));
        using var client = new TestTftpClient(server.EndPoint);
        var error = await Assert.ThrowsAsync<TftpErrorException>(() => client.ReadAsync(name, null, null, TestContext.Current.CancellationToken));
        Assert.Equal(expected, error.Code);
    }

    [Fact(Timeout = 30_000)]
    public async Task UnknownMode_IsRefusedClearly()
    {
        await using var server = await RunningTftpServer.StartAsync();
        server.WriteFile("f", 10);
        using var client = new TestTftpClient(server.EndPoint);
        client.SendRequest("f", "mail");
        var answer = await client.ReceiveAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.True(TftpReader.TryReadError(answer!.Value.Packet, out var code, out var message, out _));
        Assert.Equal(TftpErrorCode.IllegalOperation, code);
        Assert.Contains("octet", message);
    }
}
