using System.Diagnostics;
using PxeXen.Protocol.Tftp;
using PxeXen.Server.Tftp;

namespace PxeXen.Server.Tests.Tftp;

/// <summary>Windows sent with UDP segmentation offload, and a stop that interrupts a blocked transfer.</summary>
public sealed class TftpWindowTests
{
    [Theory(Timeout = 30_000)]
    [InlineData(1000, 8, 20_000)]     // 8 segments per send; the file ends inside the third window
    [InlineData(1468, 64, 300_000)]   // 64 asked, 44 per send (44 x 1472 <= 65507), then the rest of the window
    [InlineData(512, 16, 16 * 512)]   // a multiple of the window: the last window is one empty DATA
    public async Task Window_ArrivesAsSeparateCorrectDatagrams(int blockSize, int windowSize, int length)
    {
        await using var server = await RunningTftpServer.StartAsync(s => s.Timeout = TimeSpan.FromSeconds(5));
        var bytes = server.WriteFile("w", length);
        using var client = new TestTftpClient(server.EndPoint);
        var ct = TestContext.Current.CancellationToken;
        client.SendRequest("w", "octet", new TftpOptionSet(blockSize, null, null, windowSize).ToOptions());
        var oack = await client.ReceiveAsync(TimeSpan.FromSeconds(5), ct);
        Assert.NotNull(oack);
        Assert.True(TftpReader.TryReadOptionAck(oack.Value.Packet, out _, out _));
        var transfer = oack.Value.From;
        var ack = new byte[4];
        TftpWriter.WriteAck(ack, 0);
        client.Socket.SendTo(ack, transfer);

        var lastBlock = length / blockSize + 1;
        for (long windowStart = 1; windowStart <= lastBlock; windowStart += windowSize)
        {
            var windowEnd = Math.Min(windowStart + windowSize - 1, lastBlock);
            for (var block = windowStart; block <= windowEnd; block++)
            {
                var datagram = await client.ReceiveAsync(TimeSpan.FromSeconds(5), ct);
                Assert.NotNull(datagram);
                var offset = (int)((block - 1) * blockSize);
                var expected = Math.Min(blockSize, length - offset);
                // One datagram per DATA packet, each with its own header: never two glued together.
                Assert.Equal(TftpWriter.DataHeaderLength + expected, datagram.Value.Packet.Length);
                Assert.True(TftpReader.TryReadData(datagram.Value.Packet, out var number, out var payload, out _));
                Assert.Equal((ushort)block, number);
                Assert.True(payload.SequenceEqual(bytes.AsSpan(offset, expected)), $"block {block} payload differs");
            }
            TftpWriter.WriteAck(ack, (ushort)windowEnd);
            client.Socket.SendTo(ack, transfer);
        }
        await server.WaitIdleAsync(TimeSpan.FromSeconds(5));
        Assert.Null(await client.ReceiveAsync(TimeSpan.FromMilliseconds(100), ct)); // nothing sent twice

        if (server.Logs.Lines.Any(l => l.Message.Contains("segmentation offload (UDP_SEGMENT) unavailable")))
            Assert.Skip("this kernel refuses UDP_SEGMENT: the windows above went out one send per packet");
        Assert.Contains(server.Logs.Lines, l => l.Message.Contains("with UDP segmentation offload"));
    }

    [Fact(Timeout = 30_000)]
    public async Task LockStep_DoesNotUseSegmentationOffload()
    {
        await using var server = await RunningTftpServer.StartAsync();
        var bytes = server.WriteFile("f", 10_000);
        using var client = new TestTftpClient(server.EndPoint);
        Assert.Equal(bytes, await client.ReadAsync("f", 1468, null, TestContext.Current.CancellationToken));
        Assert.DoesNotContain(server.Logs.Lines, l => l.Message.Contains("with UDP segmentation offload"));
    }

    [Fact(Timeout = 30_000)]
    public async Task Stop_InterruptsATransferBlockedOnAnAck()
    {
        var server = await RunningTftpServer.StartAsync(s => (s.Timeout, s.Retries) = (TimeSpan.FromSeconds(60), 5));
        try
        {
            server.WriteFile("f", 100_000);
            using var client = new TestTftpClient(server.EndPoint);
            client.SendRequest("f");
            Assert.NotNull(await client.ReceiveAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken)); // DATA 1, never acknowledged
            Assert.Equal(1, server.ActiveTransfers);
        }
        finally
        {
            // The transfer waits 60 s for an ACK in a blocking receive: stopping must not.
            var watch = Stopwatch.StartNew();
            await server.DisposeAsync();
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"stop took {watch.Elapsed}");
        }
        Assert.Equal(0, server.ActiveTransfers);
    }

    [Theory(Timeout = 30_000)]
    [InlineData(512, null)]   // lock-step: blocks come from a read-ahead buffer
    [InlineData(1024, 8)]     // windows: one scatter read per run
    public async Task FileShrinkingDuringTheTransfer_EndsWithAnError_NotWrongBytes(int blockSize, int? windowSize)
    {
        await using var server = await RunningTftpServer.StartAsync(s => s.Timeout = TimeSpan.FromSeconds(5));
        var bytes = server.WriteFile("f", 200_000);
        using var client = new TestTftpClient(server.EndPoint);
        var ct = TestContext.Current.CancellationToken;
        client.SendRequest("f", "octet", new TftpOptionSet(blockSize, null, null, windowSize).ToOptions());
        var first = await client.ReceiveAsync(TimeSpan.FromSeconds(5), ct);
        Assert.NotNull(first);
        using (var file = new FileStream(server.Combine("f"), FileMode.Open, FileAccess.Write))
            file.SetLength(100_000);

        var ack = new byte[4];
        TftpWriter.WriteAck(ack, 0);
        client.Socket.SendTo(ack, first.Value.From);
        long received = 0;
        while (await client.ReceiveAsync(TimeSpan.FromSeconds(5), ct) is { } datagram)
        {
            if (TftpReader.TryReadError(datagram.Packet, out _, out var message, out _))
            {
                Assert.Contains("changed", message);
                Assert.True(received <= 100_000, $"{received} bytes sent from a 100,000-byte file");
                return;
            }
            Assert.True(TftpReader.TryReadData(datagram.Packet, out var block, out var payload, out _));
            var offset = (block - 1) * blockSize;
            Assert.True(payload.SequenceEqual(bytes.AsSpan(offset, payload.Length)), $"block {block} differs");
            received = Math.Max(received, offset + payload.Length);
            if (windowSize is null || block % windowSize == 0)
            {
                TftpWriter.WriteAck(ack, block);
                client.Socket.SendTo(ack, datagram.From);
            }
        }
        Assert.Fail("no ERROR after the file shrank");
    }

    [Fact]
    public void PerBlockMethods_AreCompiledBeforeTheFirstTransfer()
    {
        var compiled = TftpTransfer.CompilePerBlockMethods();
        Assert.Contains("Exchange.Serve", compiled);
        Assert.Contains("Exchange.ReceiveAck", compiled);
        Assert.Contains("TftpWindow.SendRun", compiled);
        Assert.Contains("TftpWindow.SendOne", compiled);
        Assert.Contains("TftpContent.Read", compiled);
        Assert.Contains("TransferSocket.Receive", compiled);
        Assert.Contains("TransferSocket.Send", compiled);
        Assert.Contains("TftpWindow.ReadPayload", compiled);
    }
}
