using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using PxeXen.Bootloader.Native;

namespace PxeXen.Bootloader.Network;

/// <summary>
/// UDP 0.0.0.0:68 → 255.255.255.255:67 with SO_BROADCAST, SO_REUSEADDR and SO_REUSEPORT (several
/// helpers, and maybe dom0's own DHCP client, share the port; broadcast replies reach every socket
/// and each helper keeps its own xid/chaddr) and SO_BINDTODEVICE to the bridge (spec §8.2). Opened
/// while still root. The socket is made and the first datagrams sent with plain libc calls; it
/// becomes a .NET <see cref="Socket"/> at the first receive, because the first SafeSocketHandle
/// starts the runtime's socket engine (epoll set, a thread, probe sockets), about a millisecond that
/// need not come before the first DHCPDISCOVER (issue 6: first packet within 20 ms of exec).
/// </summary>
internal sealed class UdpDhcpTransport : IDhcpTransport
{
    private readonly int _fd;
    private readonly byte[] _server;
    private readonly int _serverPort;
    private readonly byte[] _buffer = new byte[2048];
    private Socket? _socket;
    private bool _disposed;

    private UdpDhcpTransport(int fd, int serverPort)
    {
        _fd = fd;
        _serverPort = serverPort;
        _server = LibC.SockaddrIn([255, 255, 255, 255], serverPort);
    }

    public static UdpDhcpTransport Open(string? interfaceName, int clientPort = 68, int serverPort = 67)
    {
        var fd = LibC.Socket(LibC.AfInet, LibC.SockDgram | LibC.SockCloexec, LibC.IpprotoUdp);
        if (fd < 0)
            throw Failure("socket(AF_INET, SOCK_DGRAM)");
        try
        {
            ReadOnlySpan<byte> one = [1, 0, 0, 0];
            Check(LibC.Setsockopt(fd, LibC.SolSocket, LibC.SoReuseport, one, 4), "SO_REUSEPORT");
            Check(LibC.Setsockopt(fd, LibC.SolSocket, LibC.SoReuseaddr, one, 4), "SO_REUSEADDR");
            Check(LibC.Setsockopt(fd, LibC.SolSocket, LibC.SoBroadcast, one, 4), "SO_BROADCAST");
            if (!string.IsNullOrEmpty(interfaceName))
            {
                var name = Encoding.ASCII.GetBytes(interfaceName + "\0");
                Check(LibC.Setsockopt(fd, LibC.SolSocket, LibC.SoBindtodevice, name, (uint)name.Length), $"SO_BINDTODEVICE {interfaceName}");
            }
            Check(LibC.Bind(fd, LibC.SockaddrIn([0, 0, 0, 0], clientPort), 16), $"bind to UDP port {clientPort}");
            return new UdpDhcpTransport(fd, serverPort);
        }
        catch
        {
            LibC.Close(fd);
            throw;
        }
    }

    /// <summary>A blocking sendto: a UDP datagram to a broadcast address never waits for the peer.</summary>
    public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_socket is not null)
        {
            _socket.SendTo(datagram.Span, SocketFlags.None, new System.Net.IPEndPoint(System.Net.IPAddress.Broadcast, _serverPort));
            return ValueTask.CompletedTask;
        }
        while (LibC.Sendto(_fd, datagram.Span, (nuint)datagram.Length, 0, _server, (uint)_server.Length) < 0)
        {
            if (Marshal.GetLastPInvokeError() != LibC.EIntr)
                throw Failure($"sendto 255.255.255.255:{_serverPort}");
        }
        return ValueTask.CompletedTask;
    }

    public async ValueTask<byte[]?> ReceiveAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero)
            return null;
        ObjectDisposedException.ThrowIf(_disposed, this);
        _socket ??= new Socket(new SafeSocketHandle(_fd, ownsHandle: true));
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

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (_socket is not null)
            _socket.Dispose();
        else
            LibC.Close(_fd);
    }

    private static void Check(int result, string what)
    {
        if (result < 0)
            throw Failure(what);
    }

    private static IOException Failure(string what) =>
        new($"{what}: {LibC.Describe(Marshal.GetLastPInvokeError())}");
}
