using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PxeXen.Bootloader.Network;

/// <summary>
/// UDP 0.0.0.0:68 → 255.255.255.255:67 with SO_BROADCAST, SO_REUSEADDR (several helpers, and maybe
/// dom0's own DHCP client, share the port; broadcast replies reach every socket and each helper
/// keeps its own xid/chaddr) and SO_BINDTODEVICE to the bridge (spec §8.2). Opened while still root.
/// </summary>
internal sealed class UdpDhcpTransport : IDhcpTransport
{
    private const int SolSocket = 1;
    private const int SoBindToDevice = 25;

    private readonly Socket _socket;
    private readonly IPEndPoint _server;
    private readonly byte[] _buffer = new byte[2048];

    private UdpDhcpTransport(Socket socket, IPEndPoint server)
    {
        _socket = socket;
        _server = server;
    }

    public static UdpDhcpTransport Open(string? interfaceName, int clientPort = 68, int serverPort = 67)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.EnableBroadcast = true;
            if (!string.IsNullOrEmpty(interfaceName))
                socket.SetRawSocketOption(SolSocket, SoBindToDevice, Encoding.ASCII.GetBytes(interfaceName + "\0"));
            socket.Bind(new IPEndPoint(IPAddress.Any, clientPort));
            return new UdpDhcpTransport(socket, new IPEndPoint(IPAddress.Broadcast, serverPort));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A blocking sendto: a UDP datagram to a broadcast address never waits for the peer, and the
    /// asynchronous path would first start the runtime's epoll thread and register the socket with
    /// it, on the way to the first DHCPDISCOVER (issue 6: first packet within 20 ms of exec).
    /// </summary>
    public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _socket.SendTo(datagram.Span, SocketFlags.None, _server);
        return ValueTask.CompletedTask;
    }

    public async ValueTask<byte[]?> ReceiveAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero)
            return null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var received = await _socket.ReceiveAsync(_buffer, SocketFlags.None, deadline.Token);
            return _buffer.AsSpan(0, received).ToArray();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public void Dispose() => _socket.Dispose();
}
