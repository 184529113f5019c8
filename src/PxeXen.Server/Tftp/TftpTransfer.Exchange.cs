using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using PxeXen.Protocol.Tftp;
using PxeXen.Server.Threading;

namespace PxeXen.Server.Tftp;

public sealed partial class TftpTransfer
{
    /// <summary>
    /// The exchange once the file is open: negotiate (RFC 2347-2349, 7440), send windows of DATA and
    /// wait for their ACK, retransmit on timeout. Blocking calls only: it runs on its own thread.
    /// </summary>
    /// <param name="mtu">Of the interface the request arrived on, when known.</param>
    private sealed partial class Exchange(TftpSettings settings, ILogger logger, Socket socket, IPEndPoint client,
        string path, TftpContent content, TftpRequest request, int? mtu, int maxBlockSize, CancellationToken stop)
    {
        private readonly TftpSettings _settings = settings;
        private readonly ILogger _logger = logger;
        private readonly byte[] _received = new byte[TftpWriter.DataHeaderLength + 512];
        private readonly TransferSocket _calls = new(socket);
        private readonly IncomingCpuFollower? _incomingCpu = settings.FollowIncomingCpu ? new(socket) : null;
        private long _acks;
        private int _receiveTimeoutMs = -1;

        /// <summary>True when the client has every block (its last ACK seen, or only that ACK missing).</summary>
        public bool Completed { get; private set; }

        public void Run()
        {
            try
            {
                Serve();
            }
            catch (Exception e) when (stop.IsCancellationRequested && e is SocketException or ObjectDisposedException)
            {
                // Stopping closed the socket under a blocking call.
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
            {
                // ICMP port unreachable, reported on the next send or receive: the client has gone.
                TftpLog.SocketError(_logger, client, e.SocketErrorCode.ToString());
            }
            finally
            {
                _incomingCpu?.Dispose();
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per block: no tier-0 code for the first transfers after start
        private void Serve()
        {
            // Negotiation: grant what the client asked within our limits; unknown options are not echoed.
            var asked = TftpOptionSet.Parse(request.Options);
            var blockSize = asked.BlockSize is { } askedBlock ? Math.Min(askedBlock, maxBlockSize) : TftpOptionSet.DefaultBlockSize;
            // RFC 7440 lets the server grant a smaller window; bound it in bytes too, so that 64
            // blocks of 64 KiB (4 MiB in one burst) are not granted to a client that cannot hold them.
            var windowSize = asked.WindowSize is { } askedWindow
                ? Math.Min(Math.Min(askedWindow, _settings.MaxWindowSize), Math.Max(1, _settings.MaxWindowBytes / blockSize))
                : 1;
            var timeout = asked.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : _settings.Timeout;
            var granted = new TftpOptionSet(
                asked.BlockSize is null ? null : blockSize,
                asked.TimeoutSeconds,
                asked.TransferSize is null ? null : content.Length,
                asked.WindowSize is null ? null : windowSize);
            var started = Stopwatch.GetTimestamp();

            // OACK is block 0: the client ACKs it before DATA 1 (RFC 2347, RFC 7440 §4).
            if (!granted.IsEmpty)
            {
                var options = granted.ToOptions();
                var oack = new byte[TftpWriter.GetOptionAckLength(options)];
                TftpWriter.WriteOptionAck(oack, options);
                var acknowledged = false;
                for (var attempt = 0; attempt <= _settings.Retries && !acknowledged; attempt++)
                {
                    _calls.Send(oack);
                    var ack = ReceiveAck(timeout);
                    if (ack.Kind == AckKind.ClientError)
                        return;
                    acknowledged = ack.Kind == AckKind.Ack && ack.Block == 0;
                }
                if (!acknowledged)
                {
                    TftpLog.GaveUp(_logger, client, path, 0, _settings.Retries);
                    return;
                }
            }

            using var window = new TftpWindow(_calls, content, blockSize, windowSize, mtu, client, path, _logger);
            // Blocks are counted in long and sent as (ushort): numbers wrap past 65535 (a 100 MiB file at blksize 512).
            var lastBlock = content.Length / blockSize + 1;
            long next = 1, sent = 0;
            var tries = 0;
            while (true)
            {
                var windowEnd = Math.Min(next + windowSize - 1, lastBlock);
                if (windowEnd > sent)
                {
                    window.Send(sent + 1, windowEnd);
                    sent = windowEnd;
                }

                var ack = ReceiveAck(timeout);
                if (ack.Kind == AckKind.ClientError)
                    return;
                if (ack.Kind == AckKind.Timeout)
                {
                    if (++tries > _settings.Retries)
                    {
                        if (sent == lastBlock && next == lastBlock)
                        {
                            // The client has every block but its last ACK got lost or it did not bother.
                            TftpLog.NoFinalAck(_logger, client, path);
                            break;
                        }
                        TftpLog.GaveUp(_logger, client, path, next, _settings.Retries);
                        SendError(socket, TftpErrorCode.NotDefined, "timed out waiting for ACK");
                        return;
                    }
                    sent = next - 1; // go back: resend the window from the first unacknowledged block
                    continue;
                }

                // Map the 16-bit ACK onto the blocks in flight; anything else is stale or a duplicate.
                var acked = next - 1 + (ushort)(ack.Block - (ushort)(next - 1));
                if (acked == next - 1 || acked > sent)
                    continue; // duplicate or stale ACK: no new burst (Sorcerer's Apprentice, RFC 1123 §4.2.3.1)
                tries = 0;
                if (acked == lastBlock)
                    break;
                next = acked + 1;
                sent = acked; // a partial window ACK means a gap (RFC 7440 §4): resend from there
            }

            Completed = true;
            var elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            TftpLog.Served(_logger, client, path, content.Length, elapsed, blockSize, windowSize);
        }
    }
}
