using System.Net;
using System.Net.Sockets;
using PxeXen.Protocol.Tftp;

namespace PxeXen.Server.Tftp;

/// <summary>
/// Answers datagrams that reach a transfer's port from anyone but its client with ERROR 5, "unknown
/// transfer ID", and leaves the transfer undisturbed (RFC 1350 §4). The transfer's socket is connected
/// to its client, so the kernel hands it only the client's datagrams; this second socket, bound to the
/// same address and port, gets everything else (for the client's datagrams the connected socket is the
/// closer match). Its receive is asynchronous: a transfer that no stranger writes to costs no thread and
/// no wake-up. A SocketAsyncEventArgs rather than an async method: nothing generic to compile at the
/// first transfer after a start.
/// </summary>
internal sealed class UnknownTidResponder : IDisposable
{
    // ACKs, ERRORs and requests are small. A larger datagram is reported truncated, without its
    // sender, and is dropped unanswered.
    private const int BufferBytes = 1024;
    private static readonly IPEndPoint AnyV4 = new(IPAddress.Any, 0);
    private static readonly IPEndPoint AnyV6 = new(IPAddress.IPv6Any, 0);

    private readonly Socket _socket;
    private readonly EndPoint _local;
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly SocketAsyncEventArgs _receive = new();

    /// <param name="transfer">The transfer's socket, bound: its address and port are shared from now on.</param>
    public UnknownTidResponder(Socket transfer, string path, ILogger logger)
    {
        _path = path;
        _logger = logger;
        _local = transfer.LocalEndPoint!;
        transfer.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _socket = new Socket(transfer.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _socket.Bind(_local);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
        _receive.SetBuffer(new byte[BufferBytes]);
        _receive.Completed += (_, e) =>
        {
            if (Answer(e))
                Receive();
            else
                e.Dispose();
        };
        Receive();
    }

    /// <summary>Closes the second socket; the pending receive ends as OperationAborted.</summary>
    public void Dispose() => _socket.Dispose();

    private void Receive()
    {
        _receive.RemoteEndPoint = _local.AddressFamily == AddressFamily.InterNetworkV6 ? AnyV6 : AnyV4;
        try
        {
            // A receive that completes at once (a stranger already waiting) is answered here.
            while (!_socket.ReceiveFromAsync(_receive))
            {
                if (!Answer(_receive))
                {
                    _receive.Dispose();
                    return;
                }
            }
        }
        catch (ObjectDisposedException)
        {
            _receive.Dispose(); // the transfer ended
        }
    }

    /// <returns>True to receive again.</returns>
    private bool Answer(SocketAsyncEventArgs received)
    {
        switch (received.SocketError)
        {
            case SocketError.Success:
                var stranger = received.RemoteEndPoint!;
                TftpLog.WrongTransferId(_logger, stranger, _path);
                var buffer = received.MemoryBuffer.Span;
                var length = TftpWriter.WriteError(buffer, TftpErrorCode.UnknownTransferId, "unknown transfer ID");
                try
                {
                    _socket.SendTo(buffer[..length], SocketFlags.None, stranger);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    // The stranger is gone, or the transfer ended: nothing to tell.
                }
                return true;
            case SocketError.MessageSize or SocketError.ConnectionReset or SocketError.ConnectionRefused:
                return true; // too large to answer, or an ICMP error for an earlier answer
            case SocketError.OperationAborted:
                return false; // the transfer ended
            default:
                // Strangers go unanswered from here on; the transfer itself is not affected.
                TftpLog.SocketError(_logger, _local, received.SocketError.ToString());
                return false;
        }
    }
}
