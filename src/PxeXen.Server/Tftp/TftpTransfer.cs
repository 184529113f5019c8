using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using PxeXen.Boot.Files;
using PxeXen.Inventory.Events;
using PxeXen.Protocol.Tftp;

namespace PxeXen.Server.Tftp;

/// <summary>
/// One read transfer, start to end, on its own socket (a new TID, RFC 1350 §4): open, negotiate
/// (RFC 2347-2349, 7440), send windows of DATA and wait for their ACK, retransmit on timeout.
/// </summary>
public sealed partial class TftpTransfer(
    IOptions<TftpSettings> options,
    TftpRoot root,
    InterfaceMtu interfaceMtu,
    ILogger<TftpTransfer> logger,
    IGeneratedFileSource? generatedFiles = null,
    IBootEventSink? bootEvents = null)
{
    private readonly TftpSettings _settings = options.Value;

    /// <param name="local">The address the request arrived at: replies come from it.</param>
    /// <param name="interfaceIndex">Where the request arrived (IP_PKTINFO), for the MTU; 0 when unknown.</param>
    public async Task RunAsync(TftpRequest request, IPEndPoint client, IPAddress local, int interfaceIndex, CancellationToken stop)
    {
        using var socket = new Socket(client.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IsUnicast(local) ? local : AnyOf(client), 0));
        var peer = client.Serialize();
        var name = request.FileName;

        if (request.Opcode == TftpOpcode.WriteRequest)
        {
            TftpLog.Refused(logger, client, name, "write request on a read-only server");
            SendError(socket, peer, TftpErrorCode.AccessViolation, "read-only server: write requests are refused");
            return;
        }
        if (!request.IsOctet && !request.IsNetascii)
        {
            TftpLog.Refused(logger, client, name, $"mode '{request.Mode}'");
            SendError(socket, peer, TftpErrorCode.IllegalOperation, $"mode '{request.Mode}' is not supported, use octet");
            return;
        }
        if (!TftpPath.TryNormalize(name, _settings.MaxPathLength, out var path, out var refusal))
        {
            TftpLog.OutsideRoot(logger, client, name, refusal!);
            SendError(socket, peer, TftpErrorCode.AccessViolation, "access violation");
            return;
        }

        // The generated-file seam first (per-MAC menus), then the disk.
        var generated = generatedFiles is null ? null
            : await generatedFiles.TryGetAsync(new BootFileRequest(path, client.Address, "tftp"), stop);
        TftpContent content;
        if (generated is not null)
        {
            content = new TftpContent(request.IsNetascii ? Netascii.Encode(generated.Content.Span) : generated.Content);
        }
        else
        {
            var file = root.TryOpen(path, out var code, out var reason);
            if (file is null)
            {
                TftpLog.Refused(logger, client, path, reason);
                SendError(socket, peer, code, reason);
                return;
            }
            if (request.IsNetascii)
            {
                // Netascii changes the length (tsize) and every offset: convert the file once, in memory.
                using (file)
                {
                    if (file.Length > _settings.MaxNetasciiBytes)
                    {
                        TftpLog.Refused(logger, client, path, "netascii file too large");
                        SendError(socket, peer, TftpErrorCode.NotDefined, $"netascii is served up to {_settings.MaxNetasciiBytes} bytes, use octet (binary) mode");
                        return;
                    }
                    var bytes = new byte[file.Length];
                    var read = 0;
                    while (read < bytes.Length && RandomAccess.Read(file.Handle, bytes.AsSpan(read), read) is var n and > 0)
                        read += n;
                    content = new TftpContent(Netascii.Encode(bytes.AsSpan(0, read)));
                }
            }
            else
            {
                content = new TftpContent(file);
            }
        }
        using var _ = content;

        // Negotiation: grant what the client asked within our limits; unknown options are not echoed.
        var asked = TftpOptionSet.Parse(request.Options);
        var blockSize = asked.BlockSize is { } askedBlock ? Math.Min(askedBlock, MaxBlockSizeFor(interfaceIndex, client)) : TftpOptionSet.DefaultBlockSize;
        var windowSize = asked.WindowSize is { } askedWindow ? Math.Min(askedWindow, _settings.MaxWindowSize) : 1;
        var timeout = asked.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : _settings.Timeout;
        var granted = new TftpOptionSet(
            asked.BlockSize is null ? null : blockSize,
            asked.TimeoutSeconds,
            asked.TransferSize is null ? null : content.Length,
            asked.WindowSize is null ? null : windowSize);

        var packet = new byte[TftpWriter.DataHeaderLength + Math.Max(blockSize, 512)];
        var received = new byte[TftpWriter.DataHeaderLength + 512];
        var from = new SocketAddress(client.AddressFamily);
        using var wait = new AckWait(stop);
        var started = Stopwatch.GetTimestamp();

        // OACK is block 0: the client ACKs it before DATA 1 (RFC 2347, RFC 7440 §4).
        if (!granted.IsEmpty)
        {
            var oackLength = TftpWriter.WriteOptionAck(packet, granted.ToOptions());
            var acknowledged = false;
            for (var attempt = 0; attempt <= _settings.Retries && !acknowledged; attempt++)
            {
                socket.SendTo(packet.AsSpan(0, oackLength), SocketFlags.None, peer);
                var ack = await ReceiveAckAsync(socket, peer, from, received, timeout, wait, client, path, stop);
                if (ack.Kind is AckKind.ClientError or AckKind.Gone)
                    return;
                acknowledged = ack.Kind == AckKind.Ack && ack.Block == 0;
            }
            if (!acknowledged)
            {
                TftpLog.GaveUp(logger, client, path, 0, _settings.Retries);
                return;
            }
        }

        // Blocks are counted in long and sent as (ushort): numbers wrap past 65535 (a 100 MiB file at blksize 512).
        var lastBlock = content.Length / blockSize + 1;
        long next = 1, sent = 0;
        var tries = 0;
        while (true)
        {
            var windowEnd = Math.Min(next + windowSize - 1, lastBlock);
            for (var block = sent + 1; block <= windowEnd; block++)
            {
                var offset = (block - 1) * blockSize;
                var count = (int)Math.Min(blockSize, content.Length - offset);
                if (content.Read(offset, packet.AsSpan(TftpWriter.DataHeaderLength, count)) != count)
                {
                    SendError(socket, peer, TftpErrorCode.NotDefined, "file changed while it was being sent");
                    throw new IOException($"{path} shrank below {content.Length} bytes during the transfer");
                }
                TftpWriter.WriteDataHeader(packet, (ushort)block);
                socket.SendTo(packet.AsSpan(0, TftpWriter.DataHeaderLength + count), SocketFlags.None, peer);
                sent = block;
            }

            var ack = await ReceiveAckAsync(socket, peer, from, received, timeout, wait, client, path, stop);
            if (ack.Kind is AckKind.ClientError or AckKind.Gone)
                return;
            if (ack.Kind == AckKind.Timeout)
            {
                if (++tries > _settings.Retries)
                {
                    if (sent == lastBlock && next == lastBlock)
                    {
                        // The client has every block but its last ACK got lost or it did not bother.
                        TftpLog.NoFinalAck(logger, client, path);
                        break;
                    }
                    TftpLog.GaveUp(logger, client, path, next, _settings.Retries);
                    SendError(socket, peer, TftpErrorCode.NotDefined, "timed out waiting for ACK");
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

        var elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        TftpLog.Served(logger, client, path, content.Length, elapsed, blockSize, windowSize);
        bootEvents?.Record(generated?.Mac ?? "", BootStage.TftpFile, $"path={path} client={client.Address} bytes={content.Length}");
    }

    private int MaxBlockSizeFor(int interfaceIndex, IPEndPoint client)
    {
        var max = _settings.MaxBlockSize;
        if (_settings.ClampBlockSizeToMtu && interfaceIndex > 0 && interfaceMtu.Lookup(interfaceIndex) is { } mtu)
        {
            // One unfragmented datagram: MTU - IP header - UDP header (8) - TFTP header (4).
            var ipHeader = client.AddressFamily == AddressFamily.InterNetworkV6 ? 40 : 20;
            max = Math.Min(max, mtu - ipHeader - 8 - TftpWriter.DataHeaderLength);
        }
        return Math.Max(max, TftpOptionSet.MinBlockSize);
    }

    private static void SendError(Socket socket, SocketAddress peer, TftpErrorCode code, string message)
    {
        Span<byte> buffer = stackalloc byte[TftpWriter.GetErrorLength(message)];
        var length = TftpWriter.WriteError(buffer, code, message);
        try
        {
            socket.SendTo(buffer[..length], SocketFlags.None, peer);
        }
        catch (SocketException)
        {
            // The client is gone: nothing to tell.
        }
    }

    private static bool IsUnicast(IPAddress address) =>
        !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.Broadcast)
        && !(address.AddressFamily == AddressFamily.InterNetwork && address.GetAddressBytes()[0] >= 224);

    private static IPAddress AnyOf(IPEndPoint client) =>
        client.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
}
