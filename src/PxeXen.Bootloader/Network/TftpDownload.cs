using System.Net;
using System.Net.Sockets;
using PxeXen.Protocol.Tftp;

namespace PxeXen.Bootloader.Network;

/// <summary>
/// One TFTP read (spec §8.5) as one linear method: RRQ octet with tsize=0, blksize (1408 as
/// PXELINUX sends) and windowsize (RFC 7440); OACK → ACK 0; a server ignoring options answers
/// DATA 1 at 512 bytes; the server's new TID is learned from its first reply and packets from any
/// other port get ERROR 5; block numbers wrap after 65535; retransmit on timeout; 1 GiB limit.
/// Blocking socket calls: the helper does one thing at a time and this is the hot loop.
/// </summary>
internal sealed class TftpDownload
{
    /// <summary>libxc's XC_DOM_DECOMPRESS_MAX (spec §8.5).</summary>
    public const long MaxFileSize = 1L << 30;

    public int BlockSize { get; init; } = 1408;
    public int WindowSize { get; init; } = 16;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);
    public int Retries { get; init; } = 5;
    public long MaxSize { get; init; } = MaxFileSize;

    public TftpOutcome Run(IPEndPoint server, string path, Stream destination, CancellationToken cancellationToken)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
        try
        {
            socket.ReceiveBufferSize = 4 << 20; // capped by net.core.rmem_max; a window must fit
        }
        catch (SocketException)
        {
        }
        var requested = new TftpOptionSet(BlockSize, null, 0, WindowSize > 1 ? WindowSize : null).ToOptions();
        var request = new byte[TftpWriter.GetRequestLength(path, "octet", requested)];
        TftpWriter.WriteRequest(request, TftpOpcode.ReadRequest, path, "octet", requested);

        var buffer = new byte[TftpOptionSet.MaxBlockSize + 4];
        var ack = new byte[TftpWriter.AckLength];
        var lastSent = request;
        var lastSentLength = request.Length;
        var serverAddress = server.Serialize();
        var lastSentTo = serverAddress;
        SocketAddress? peer = null; // the server's transfer id, fixed by its first reply
        var blockSize = TftpOptionSet.DefaultBlockSize;
        var windowSize = 1;
        ushort lastBlock = 0;
        long received = 0;
        var inWindow = 0;
        var retries = 0;
        // One blocking recvfrom per packet with SO_RCVTIMEO and a reused SocketAddress: no poll(2),
        // no per-packet allocation. This loop is where a 100 MiB initrd spends its time.
        var from = new SocketAddress(server.AddressFamily);
        socket.ReceiveTimeout = (int)Math.Max(1, Timeout.TotalMilliseconds);
        socket.SendTo(request, SocketFlags.None, serverAddress);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int length;
            try
            {
                length = socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
            {
                if (++retries > Retries)
                    return TftpOutcome.Failed($"TFTP {path} from {server}: no answer after {Retries} retransmissions ({received} bytes received)");
                socket.SendTo(lastSent.AsSpan(0, lastSentLength), SocketFlags.None, lastSentTo);
                inWindow = 0;
                continue;
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
            {
                continue; // ICMP port unreachable from an earlier send; the retransmit timer covers it
            }
            if (!SameHost(from, serverAddress))
                continue;
            if (peer is not null && !from.Equals(peer))
            {
                // RFC 1350 §4: a packet from an unknown TID gets ERROR 5 and the transfer goes on.
                var error = new byte[TftpWriter.GetErrorLength("unknown transfer id")];
                TftpWriter.WriteError(error, TftpErrorCode.UnknownTransferId, "unknown transfer id");
                socket.SendTo(error, SocketFlags.None, from);
                continue;
            }
            var packet = buffer.AsSpan(0, length);
            if (!TftpReader.TryReadOpcode(packet, out var opcode, out _))
                continue;
            switch (opcode)
            {
                case TftpOpcode.Error:
                    TftpReader.TryReadError(packet, out var code, out var message, out _);
                    return TftpOutcome.ServerError($"{(int)code} {message}".Trim());

                case TftpOpcode.OptionAck when peer is null:
                {
                    peer = Copy(from);
                    if (!TftpReader.TryReadOptionAck(packet, out var options, out var reason))
                        return Abort(socket, peer, $"TFTP {path}: bad OACK: {reason}");
                    var set = TftpOptionSet.Parse(options);
                    blockSize = set.BlockSize ?? TftpOptionSet.DefaultBlockSize;
                    windowSize = set.WindowSize ?? 1;
                    if (blockSize > BlockSize || windowSize > Math.Max(1, WindowSize))
                        return Abort(socket, peer, $"TFTP {path}: server answered blksize {blockSize} windowsize {windowSize}, more than asked");
                    if (set.TransferSize is { } size && size > MaxSize)
                        return Abort(socket, peer, $"TFTP {path}: {size} bytes is more than the {MaxSize >> 20} MiB limit");
                    lastSentLength = TftpWriter.WriteAck(ack, 0);
                    lastSent = ack;
                    lastSentTo = peer;
                    socket.SendTo(ack, SocketFlags.None, peer);
                    retries = 0;
                    continue;
                }

                case TftpOpcode.Data:
                {
                    if (!TftpReader.TryReadData(packet, out var block, out var payload, out _))
                        continue;
                    peer ??= Copy(from); // options ignored: DATA 1 at 512 bytes
                    var expected = unchecked((ushort)(lastBlock + 1));
                    if (block != expected)
                    {
                        // Out of order or a gap in the window (RFC 7440 §4): ack the last good block once.
                        if (inWindow != 0)
                        {
                            socket.SendTo(ack.AsSpan(0, TftpWriter.WriteAck(ack, lastBlock)), SocketFlags.None, peer);
                            inWindow = 0;
                        }
                        continue;
                    }
                    if (payload.Length > blockSize)
                        return Abort(socket, peer, $"TFTP {path}: block {block} carries {payload.Length} bytes, more than blksize {blockSize}");
                    received += payload.Length;
                    if (received > MaxSize)
                        return Abort(socket, peer, $"TFTP {path}: more than the {MaxSize >> 20} MiB limit");
                    destination.Write(payload);
                    lastBlock = block;
                    retries = 0;
                    inWindow++;
                    var last = payload.Length < blockSize;
                    if (last || inWindow >= windowSize)
                    {
                        lastSentLength = TftpWriter.WriteAck(ack, block);
                        lastSent = ack;
                        lastSentTo = peer;
                        socket.SendTo(ack.AsSpan(0, lastSentLength), SocketFlags.None, peer);
                        inWindow = 0;
                    }
                    if (last)
                        return TftpOutcome.Done(received); // no dally: the server tolerates a lost final ACK
                    continue;
                }

                default:
                    continue;
            }
        }
    }

    private static TftpOutcome Abort(Socket socket, SocketAddress peer, string message)
    {
        var error = new byte[TftpWriter.GetErrorLength("transfer aborted")];
        TftpWriter.WriteError(error, TftpErrorCode.NotDefined, "transfer aborted");
        socket.SendTo(error, SocketFlags.None, peer);
        return TftpOutcome.Failed(message);
    }

    private static SocketAddress Copy(SocketAddress address)
    {
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(copy.Buffer.Span);
        return copy;
    }

    /// <summary>Same IP, any port: sockaddr_in keeps the port at bytes 2-3 and the address at 4-7.</summary>
    private static bool SameHost(SocketAddress a, SocketAddress b)
    {
        if (a.Family != b.Family || a.Size != b.Size)
            return false;
        var x = a.Buffer.Span[..a.Size];
        var y = b.Buffer.Span[..b.Size];
        return x[..2].SequenceEqual(y[..2]) && x[4..].SequenceEqual(y[4..]);
    }
}
