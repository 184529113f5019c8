using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using PxeXen.Boot.Files;
using PxeXen.Inventory.Events;
using PxeXen.Inventory.Machines;
using PxeXen.Protocol.Tftp;
using PxeXen.Server.Threading;

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
    IBootEventSink? bootEvents = null,
    ILeaseAddresses? leases = null)
{
    private readonly TftpSettings _settings = options.Value;

    /// <summary>
    /// Serves one request start to end on the calling thread, which is the transfer's own: a
    /// lock-step transfer is bound by the ACK->DATA latency, and asynchronous sockets would add a
    /// thread-pool hop per block.
    /// </summary>
    /// <param name="local">The address the request arrived at: replies come from it.</param>
    /// <param name="interfaceIndex">Where the request arrived (IP_PKTINFO), for the MTU; 0 when unknown.</param>
    public void Serve(TftpRequest request, IPEndPoint client, IPAddress local, int interfaceIndex, CancellationToken stop)
    {
        using var socket = OpenTransferSocket(client, local);
        var name = request.FileName;

        if (request.Opcode == TftpOpcode.WriteRequest)
        {
            TftpLog.Refused(logger, client, name, "write request on a read-only server");
            SendError(socket, TftpErrorCode.AccessViolation, "read-only server: write requests are refused");
            return;
        }
        if (!request.IsOctet && !request.IsNetascii)
        {
            TftpLog.Refused(logger, client, name, $"mode '{request.Mode}'");
            SendError(socket, TftpErrorCode.IllegalOperation, $"mode '{request.Mode}' is not supported, use octet");
            return;
        }
        if (!TftpPath.TryNormalize(name, _settings.MaxPathLength, out var path, out var refusal))
        {
            TftpLog.OutsideRoot(logger, client, name, refusal!);
            SendError(socket, TftpErrorCode.AccessViolation, "access violation");
            return;
        }

        // The generated-file seam first (per-MAC menus), then the disk.
        // This thread is the transfer's own: waiting here for a lookup that goes asynchronous (the
        // inventory) holds up no other transfer; plain files answer synchronously.
        var generated = OwnThread.Wait(generatedFiles?.TryGetAsync(new BootFileRequest(path, client.Address, "tftp"), stop) ?? default);
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
                SendError(socket, code, reason);
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
                        SendError(socket, TftpErrorCode.NotDefined, $"netascii is served up to {_settings.MaxNetasciiBytes} bytes, use octet (binary) mode");
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
        using var strangers = new UnknownTidResponder(socket, path, logger);

        // Blocking socket calls from here on; stopping closes the socket, which unblocks a receive.
        // The MTU bounds blksize (the clamp) and GSO segments (windows); the lookup rereads every
        // interface now and then, so a lock-step transfer with the clamp off does not ask.
        var needsMtu = _settings.ClampBlockSizeToMtu || TftpOptionSet.Parse(request.Options).WindowSize > 1;
        var mtu = interfaceIndex > 0 && needsMtu ? interfaceMtu.Lookup(interfaceIndex) : null;
        var exchange = new Exchange(_settings, logger, socket, client, path, content, request, mtu, MaxBlockSizeFor(mtu, client), stop);
        // Stopping tells the client first (RFC 1350: an ERROR ends the transfer), so it fails loudly
        // instead of waiting out its timeouts or keeping a short file, then closes the socket, which
        // unblocks this thread's receive.
        using var unblock = stop.Register(() =>
        {
            SendError(socket, TftpErrorCode.NotDefined, "server shutting down");
            socket.Close();
        });
        exchange.Run();
        if (exchange.Completed && bootEvents is not null)
            bootEvents.Record(generated?.Mac ?? LeaseHolder(client.Address, stop) ?? "", BootStage.TftpFile, $"path={path} client={client.Address} bytes={content.Length}");
    }

    /// <summary>
    /// A file from disk (a kernel, an initrd) names no machine; the client's lease does, so the event
    /// lands in that machine's boot history. No lease (proxyDHCP, another DHCP server): no MAC.
    /// </summary>
    private string? LeaseHolder(IPAddress address, CancellationToken stop)
    {
        if (leases is null)
            return null;
        var ipv4 = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return OwnThread.Wait(leases.FindMacAsync(ipv4, stop));
    }

    private int MaxBlockSizeFor(int? interfaceMtu, IPEndPoint client)
    {
        var max = _settings.MaxBlockSize;
        if (_settings.ClampBlockSizeToMtu && interfaceMtu is { } mtu)
        {
            // One unfragmented datagram: MTU - IP header - UDP header (8) - TFTP header (4).
            var ipHeader = client.AddressFamily == AddressFamily.InterNetworkV6 ? 40 : 20;
            max = Math.Min(max, mtu - ipHeader - 8 - TftpWriter.DataHeaderLength);
        }
        return Math.Max(max, TftpOptionSet.MinBlockSize);
    }

    /// <summary>
    /// A transfer's own socket (a new TID, RFC 1350 §4), replying from <paramref name="local"/> when it
    /// is a unicast address. Connected, as tftpd-hpa's and atftpd's are: the kernel finds the socket
    /// and the route of every datagram without a lookup, reports the client's ICMP port unreachable,
    /// and records the CPU that received the client's last datagram (SO_INCOMING_CPU). Strangers'
    /// datagrams go to the <see cref="UnknownTidResponder"/>.
    /// </summary>
    private static Socket OpenTransferSocket(IPEndPoint client, IPAddress local)
    {
        var socket = new Socket(client.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(IsUnicast(local) ? local : AnyOf(client), 0));
            socket.Connect(client);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Tells the client (the socket is connected to it) why its transfer ends.</summary>
    internal static void SendError(Socket socket, TftpErrorCode code, string message)
    {
        Span<byte> buffer = stackalloc byte[TftpWriter.GetErrorLength(message)];
        var length = TftpWriter.WriteError(buffer, code, message);
        try
        {
            socket.Send(buffer[..length]);
        }
        catch (SocketException)
        {
            // The client is gone: nothing to tell.
        }
    }

    /// <summary>
    /// Compiles the per-block methods now, before the port is bound. They are AggressiveOptimization
    /// (fully optimised from their first call, never recompiled by tiering), which also keeps them
    /// out of the ReadyToRun image: without this, the first transfer after a start and the first
    /// windowed one paid for their compilation, milliseconds of a 40 ms transfer. The types are named
    /// rather than found: scanning the assembly cost about 4 ms of start-up for the same methods.
    /// </summary>
    /// <returns>The methods compiled.</returns>
    internal static IReadOnlyList<string> CompilePerBlockMethods()
    {
        var compiled = new List<string>();
        foreach (var type in (Type[])[typeof(Exchange), typeof(TftpWindow), typeof(TftpContent), typeof(TransferSocket)])
        {
            foreach (var method in type.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if ((method.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization) == 0)
                    continue;
                RuntimeHelpers.PrepareMethod(method.MethodHandle);
                compiled.Add($"{type.Name}.{method.Name}");
            }
        }
        return compiled;
    }

    private static bool IsUnicast(IPAddress address) =>
        !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.Broadcast)
        && !(address.AddressFamily == AddressFamily.InterNetwork && address.GetAddressBytes()[0] >= 224);

    private static IPAddress AnyOf(IPEndPoint client) =>
        client.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
}
