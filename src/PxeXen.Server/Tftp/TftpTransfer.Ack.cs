using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using PxeXen.Protocol.Tftp;

namespace PxeXen.Server.Tftp;

public sealed partial class TftpTransfer
{
    private enum AckKind { Ack, Timeout, ClientError }

    private readonly record struct AckResult(AckKind Kind, ushort Block);

    private sealed partial class Exchange
    {
        /// <summary>
        /// Waits for the client's next ACK until <paramref name="timeout"/>; anything else that is not an
        /// ACK is ignored. Only the client's datagrams arrive here (the socket is connected to it). A
        /// closed client port (ConnectionRefused) goes to <see cref="Run"/>, as it does from a send.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per block: no tier-0 code for the first transfers after start
        private AckResult ReceiveAck(TimeSpan timeout)
        {
            // The deadline is set by the first packet the wait ignores, not before: the usual ACK
            // then costs no clock read (one per block, about 1 % of a lock-step transfer's CPU).
            // Strays can stretch one wait to at most twice the timeout, never without end.
            long deadline = 0;
            // The socket keeps its receive timeout between calls: set again only when a stray packet
            // used part of the wait, so the usual ACK costs one system call.
            var waitMs = (int)Math.Ceiling(timeout.TotalMilliseconds);
            while (true)
            {
                SetReceiveTimeout(waitMs);
                int length;
                try
                {
                    length = _calls.Receive(_received);
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
                {
                    return new AckResult(AckKind.Timeout, 0);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.MessageSize)
                {
                    length = -1; // bigger than any ACK: not one
                }

                if (length >= 0 && Classify(length) is { } result)
                {
                    // At the first ACK and every 64th after: the client's CPU is known by then, and
                    // a pair the scheduler parted later is brought back together.
                    if (result.Kind == AckKind.Ack && (_acks++ & 63) == 0)
                        _incomingCpu?.Follow();
                    return result;
                }
                var now = Stopwatch.GetTimestamp();
                if (deadline == 0)
                    deadline = now + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
                var remaining = deadline - now;
                if (remaining <= 0)
                    return new AckResult(AckKind.Timeout, 0);
                waitMs = Math.Max(1, (int)Math.Ceiling(remaining * 1000.0 / Stopwatch.Frequency));
            }
        }

        /// <returns>The ACK or the client's ERROR; null for anything the wait ignores.</returns>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per block: no tier-0 code for the first transfers after start
        private AckResult? Classify(int length)
        {
            var packet = _received.AsSpan(0, length);
            if (TftpReader.TryReadAck(packet, out var block, out _))
                return new AckResult(AckKind.Ack, block);
            if (TftpReader.TryReadError(packet, out var code, out var message, out _))
            {
                TftpLog.ClientError(_logger, client, path, (int)code, message);
                return new AckResult(AckKind.ClientError, 0);
            }
            TftpReader.TryReadOpcode(packet, out _, out var reason);
            TftpLog.Malformed(_logger, client, reason ?? "not an ACK during a read transfer");
            return null;
        }

        private void SetReceiveTimeout(int milliseconds)
        {
            if (milliseconds == _receiveTimeoutMs)
                return;
            socket.ReceiveTimeout = milliseconds;
            _receiveTimeoutMs = milliseconds;
        }
    }
}
