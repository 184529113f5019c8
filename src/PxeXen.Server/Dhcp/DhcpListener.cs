using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Logging;
using PxeXen.Protocol.Dhcp;
using PxeXen.Server.Threading;

namespace PxeXen.Server.Dhcp;

/// <summary>
/// One UDP socket on one interface and port: receive → TryRead → responder → send (or queue for
/// the group commit). SO_BINDTODEVICE ties it to its interface, so the arriving interface is known
/// and broadcasts leave through it; several listeners share the port with SO_REUSEADDR.
/// </summary>
internal sealed class DhcpListener : IReplySender, IDisposable
{
    private const int SolSocket = 1;
    private const int SoBindToDevice = 25;

    private readonly Socket _socket;
    private readonly DhcpResponder _responder;
    private readonly LeaseCommitQueue _commits;
    private readonly DhcpSettings _settings;
    private readonly ILogger _logger;

    public string Interface { get; }
    public IPAddress LocalAddress { get; }
    public int Port { get; }

    public DhcpListener(string interfaceName, IPAddress localAddress, int port, bool bindToDevice,
        DhcpResponder responder, LeaseCommitQueue commits, DhcpSettings settings, ILogger logger)
    {
        Interface = interfaceName;
        LocalAddress = localAddress;
        Port = port;
        _responder = responder;
        _commits = commits;
        _settings = settings;
        _logger = logger;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Broadcast, true);
            _socket.ReceiveBufferSize = 4 * 1024 * 1024;
            _socket.SendBufferSize = 4 * 1024 * 1024;
            if (bindToDevice)
                _socket.SetRawSocketOption(SolSocket, SoBindToDevice, Encoding.ASCII.GetBytes(interfaceName + "\0"));
            _socket.Bind(new IPEndPoint(IPAddress.Any, port));
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Receives on a thread of its own until stopped. A blocking receive answers each packet on the
    /// thread that got it: on this hardware (2 virtual cores) the epoll-to-thread-pool hop of an
    /// async receive cost more than the whole DHCP exchange. Only the group commit (one wake-up per
    /// batch) and boot events leave this thread.
    /// </summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        OwnThread.Run(() => Receive(cancellationToken), $"dhcp {Interface}:{Port}");

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per packet: optimised from the first DHCP storm after start, not tier 0
    private void Receive(CancellationToken cancellationToken)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(65536, pinned: true);
        var source = new SocketAddress(AddressFamily.InterNetwork);
        var template = new IPEndPoint(IPAddress.Any, 0);
        var onProxyPort = Port == _settings.ProxyPort && Port != _settings.ServerPort;
        // Stopping closes the socket, which ends the blocking receive (SocketError.Interrupted).
        using var stop = cancellationToken.Register(_socket.Dispose);
        while (!cancellationToken.IsCancellationRequested)
        {
            int received;
            try
            {
                received = _socket.ReceiveFrom(buffer, SocketFlags.None, source);
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested && e is SocketException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                continue; // an ICMP port unreachable from an earlier send, or an oversized datagram
            }
            var peer = (IPEndPoint)template.Create(source);
            if (!DhcpMessageReader.TryRead(buffer.AsSpan(0, received), out var request, out var error))
            {
                DhcpLog.Malformed(_logger, peer.ToString(), Interface, error);
                continue;
            }
            var arrival = new DhcpArrival(Interface, LocalAddress, Port, peer) { OnProxyPort = onProxyPort };
            DhcpResponse response;
            try
            {
                // Completes at once unless the machine snapshot is being rebuilt after an inventory change;
                // then this thread (never a thread-pool one) waits for that one query.
                response = OwnThread.Wait(_responder.RespondAsync(request, arrival, cancellationToken));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A failing directory lookup must not stop the server: this request goes unanswered.
                DhcpLog.ResponderFailed(_logger, e, request.ClientMac);
                continue;
            }
            if (response.Change is { } change)
                _commits.Enqueue(new PendingCommit(change, request, response.Reply, response.RefusedReply, arrival, this), cancellationToken);
            else if (response.Reply is { } reply)
                Send(request, reply, arrival);
        }
    }

    /// <summary>Sends a reply where RFC 2131 §4.1 says; a send error is logged, never thrown.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per packet: optimised from the first DHCP storm after start, not tier 0
    public void Send(DhcpMessage request, DhcpMessage reply, DhcpArrival arrival)
    {
        var destination = ReplyRouting.Route(request, reply, arrival, _settings.ServerPort, _settings.ClientPort);
        // Never larger than the client said it accepts (option 57), and never below 576 (RFC 2132 §9.10).
        var max = Math.Clamp((int)(request.Options.MaxMessageSize ?? DhcpMessageWriter.MaxDatagram), DhcpLayout.DefaultMaxMessageLength, DhcpMessageWriter.MaxDatagram);
        var buffer = ArrayPool<byte>.Shared.Rent(DhcpMessageWriter.MaxDatagram);
        try
        {
            if (!DhcpMessageWriter.TryWrite(reply, buffer, out var length, max))
                throw new InvalidOperationException($"reply does not fit in {max} bytes");
            _socket.SendTo(buffer.AsSpan(0, length), SocketFlags.None, destination.EndPoint);
        }
        catch (Exception e) when (e is SocketException or InvalidOperationException)
        {
            DhcpLog.SendFailed(_logger, e, request.ClientMac, destination.EndPoint.ToString());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose() => _socket.Dispose();
}
