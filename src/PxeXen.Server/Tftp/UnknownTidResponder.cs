using System.Buffers;
using System.Net;
using System.Net.Sockets;
using PxeXen.Protocol.Tftp;

namespace PxeXen.Server.Tftp;

/// <summary>
/// Answers datagrams that reach a transfer's port from anyone but its client with ERROR 5, "unknown
/// transfer ID", and leaves the transfer undisturbed (RFC 1350 §4). The transfer's socket is connected
/// to its client, so the kernel hands it only the client's datagrams; this second socket, bound to the
/// same address and port, gets everything else (for the client's datagrams the connected socket is the
/// closer match). It waits asynchronously: a transfer that no stranger writes to costs no thread and
/// no wake-up.
/// </summary>
internal sealed class UnknownTidResponder : IDisposable
{
    // ACKs, ERRORs and requests are small. A larger datagram is reported truncated, without its
    // sender, and is dropped unanswered.
    private const int BufferBytes = 1024;

    private readonly Socket _socket;
    private readonly EndPoint _local;
    private readonly string _path;
    private readonly ILogger _logger;

    /// <param name="transfer">The transfer's socket, bound: its address and port are shared from now on.</param>
    public UnknownTidResponder(Socket transfer, string path, ILogger logger)
    {
        _path = path;
        _logger = logger;
        transfer.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _socket = new Socket(transfer.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _local = transfer.LocalEndPoint!;
            _socket.Bind(_local);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
        _ = AnswerAsync();
    }

    /// <summary>Closes the second socket, which ends the pending receive.</summary>
    public void Dispose() => _socket.Dispose();

    // Ends when the socket is closed; every other outcome is caught here, so the task never faults.
    private async Task AnswerAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        EndPoint any = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        try
        {
            while (true)
            {
                SocketReceiveFromResult stranger;
                try
                {
                    stranger = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any).ConfigureAwait(false);
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.MessageSize or SocketError.ConnectionReset or SocketError.ConnectionRefused)
                {
                    continue; // too large to answer, or an ICMP error for an earlier answer
                }
                TftpLog.WrongTransferId(_logger, stranger.RemoteEndPoint, _path);
                var length = TftpWriter.WriteError(buffer, TftpErrorCode.UnknownTransferId, "unknown transfer ID");
                try
                {
                    _socket.SendTo(buffer.AsSpan(0, length), SocketFlags.None, stranger.RemoteEndPoint);
                }
                catch (SocketException)
                {
                    // The stranger is gone: nothing to tell.
                }
            }
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException { SocketErrorCode: SocketError.OperationAborted })
        {
            // The transfer ended.
        }
        catch (SocketException e)
        {
            // Strangers go unanswered from here on; the transfer itself is not affected.
            TftpLog.SocketError(_logger, _local, e.SocketErrorCode.ToString());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
