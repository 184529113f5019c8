using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using PxeXen.Protocol.Tftp;

namespace PxeXen.Server.Tftp;

public sealed partial class TftpTransfer
{
    private enum AckKind { Ack, Timeout, ClientError, Gone }

    private readonly record struct AckResult(AckKind Kind, ushort Block);

    /// <summary>
    /// Waits for the client's next ACK until <paramref name="timeout"/>. Packets from another TID get
    /// ERROR 5 and the wait goes on (RFC 1350 §4); anything else that is not an ACK is ignored.
    /// </summary>
    // Pooled: this completes asynchronously once per window, and a fresh box per block would be garbage.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<AckResult> ReceiveAckAsync(Socket socket, SocketAddress peer, SocketAddress from, byte[] buffer,
        TimeSpan timeout, AckWait wait, IPEndPoint client, string path, CancellationToken stop)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var remaining = deadline - Stopwatch.GetTimestamp();
            if (remaining <= 0)
                return new AckResult(AckKind.Timeout, 0);
            int length;
            try
            {
                length = await socket.ReceiveFromAsync(buffer, SocketFlags.None, from, wait.Start(TimeSpan.FromSeconds((double)remaining / Stopwatch.Frequency)));
                wait.Done();
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                wait.Renew();
                return new AckResult(AckKind.Timeout, 0);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
            {
                // ICMP port unreachable: the client has gone.
                wait.Done();
                TftpLog.SocketError(logger, client, e.SocketErrorCode.ToString());
                return new AckResult(AckKind.Gone, 0);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.MessageSize)
            {
                wait.Done();
                continue; // bigger than any ACK: not one
            }

            if (!from.Equals(peer))
            {
                var stranger = (IPEndPoint)client.Create(from);
                TftpLog.WrongTransferId(logger, stranger, path);
                var n = TftpWriter.WriteError(buffer, TftpErrorCode.UnknownTransferId, "unknown transfer ID");
                socket.SendTo(buffer.AsSpan(0, n), SocketFlags.None, from);
                continue;
            }
            var packet = buffer.AsSpan(0, length);
            if (TftpReader.TryReadAck(packet, out var block, out _))
                return new AckResult(AckKind.Ack, block);
            if (TftpReader.TryReadError(packet, out var code, out var message, out _))
            {
                TftpLog.ClientError(logger, client, path, (int)code, message);
                return new AckResult(AckKind.ClientError, 0);
            }
            TftpReader.TryReadOpcode(packet, out _, out var reason);
            TftpLog.Malformed(logger, client, reason ?? "not an ACK during a read transfer");
        }
    }

    /// <summary>A reusable timeout linked to the service's stop token (a new one only after it fires).</summary>
    private sealed class AckWait(CancellationToken stop) : IDisposable
    {
        private CancellationTokenSource _source = CancellationTokenSource.CreateLinkedTokenSource(stop);

        public CancellationToken Start(TimeSpan timeout)
        {
            _source.CancelAfter(timeout);
            return _source.Token;
        }

        public void Done()
        {
            if (!_source.TryReset())
                Renew();
        }

        public void Renew()
        {
            _source.Dispose();
            _source = CancellationTokenSource.CreateLinkedTokenSource(stop);
        }

        public void Dispose() => _source.Dispose();
    }
}
