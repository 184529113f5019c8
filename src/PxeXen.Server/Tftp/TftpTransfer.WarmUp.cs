using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using PxeXen.Protocol.Tftp;
using PxeXen.Server.Threading;

namespace PxeXen.Server.Tftp;

public sealed partial class TftpTransfer
{
    private const string WarmUpName = "pxexen-warm-up";
    private const int WarmUpBlockSize = 1468;

    /// <summary>
    /// Does before the port is bound what the first requests after a start would otherwise pay for.
    /// Their first calls load types, compile generic code and start a thread: on a fresh server the
    /// first request took 7-11 ms from RRQ to OACK and 2-3 ms from ACK 0 to DATA 1, against 1 ms and
    /// 0.3 ms for the next one, and the first windowed transfer of 10 MiB took 35-42 ms against
    /// 23-37 ms after it. So: the per-block methods are compiled, the interfaces' MTUs read, and two
    /// small transfers run through the same <see cref="Exchange"/> that serves clients, one with a
    /// window and one in lock-step, to a client on loopback. Their content is in memory and they
    /// log nothing: no file, no inventory, no boot event. A warm-up that fails is logged at Debug
    /// and the service starts all the same.
    /// </summary>
    internal void WarmUp(CancellationToken stop)
    {
        var started = Stopwatch.GetTimestamp();
        CompilePerBlockMethods();
        interfaceMtu.Lookup(0); // reads every interface's MTU into the table (no interface has index 0)
        try
        {
            // A request's way to a file on disk, for a name no client asks for: the root at most
            // opens and closes one. The generated-file seam is not asked: it belongs to the inventory.
            if (TftpPath.TryNormalize(WarmUpName, _settings.MaxPathLength, out var path, out _))
                root.TryOpen(path, out _, out _)?.Dispose();
            WarmUpTransfer(16, stop);
            WarmUpTransfer(null, stop);
            TftpLog.WarmedUp(logger, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException or OperationCanceledException or AggregateException)
        {
            TftpLog.WarmUpFailed(logger, e.Message);
        }
    }

    private void WarmUpTransfer(int? windowSize, CancellationToken stop)
    {
        TftpOption[] asked = windowSize is { } window
            ? [new(TftpOption.TransferSize, "0"), new(TftpOption.BlockSize, "1468"), new(TftpOption.WindowSize, window.ToString(CultureInfo.InvariantCulture))]
            : [new(TftpOption.BlockSize, "1468")];
        var rrq = new byte[TftpWriter.GetRequestLength(WarmUpName, "octet", asked)];
        TftpWriter.WriteRequest(rrq, TftpOpcode.ReadRequest, WarmUpName, "octet", asked);
        if (!TftpReader.TryReadRequest(rrq, out var request, out var reason))
            throw new IOException($"warm-up request unreadable: {reason}");

        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        client.ReceiveTimeout = 2000;
        var clientEndPoint = (IPEndPoint)client.LocalEndPoint!;
        using var socket = OpenTransferSocket(clientEndPoint, IPAddress.Loopback);
        using var strangers = new UnknownTidResponder(socket, WarmUpName, NullLogger.Instance);
        // Three windows of 16 blocks and a short last one: every path of a window and of lock-step.
        using var content = new TftpContent(new byte[WarmUpBlockSize * 50 + 100]);
        var exchange = new Exchange(_settings, NullLogger.Instance, socket, clientEndPoint, WarmUpName, content, request!, null,
            WarmUpBlockSize, stop);
        var serving = OwnThread.Run(exchange.Run, "tftp warm-up");
        ReceiveAll(client, socket.LocalEndPoint!, windowSize ?? 1);
        if (!serving.Wait(TimeSpan.FromSeconds(2), stop) || !exchange.Completed)
            throw new TimeoutException("warm-up transfer did not complete");
    }

    /// <summary>The client's side: ACK the OACK, then the last block of every window and the short last block.</summary>
    private static void ReceiveAll(Socket client, EndPoint server, int windowSize)
    {
        var buffer = new byte[TftpWriter.DataHeaderLength + WarmUpBlockSize];
        var ack = new byte[TftpWriter.DataHeaderLength];
        ushort expected = 1;
        while (true)
        {
            var packet = buffer.AsSpan(0, client.Receive(buffer));
            if (TftpReader.TryReadOptionAck(packet, out _, out _))
            {
                client.SendTo(ack.AsSpan(0, TftpWriter.WriteAck(ack, 0)), server);
                continue;
            }
            if (!TftpReader.TryReadData(packet, out var block, out var payload, out var reason))
                throw new IOException($"warm-up transfer: {reason}");
            if (block != expected)
                continue; // loopback loses nothing; a retransmission is not acknowledged twice
            expected++;
            var last = payload.Length < WarmUpBlockSize;
            if (last || block % windowSize == 0)
                client.SendTo(ack.AsSpan(0, TftpWriter.WriteAck(ack, block)), server);
            if (last)
                return;
        }
    }
}
