using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using PxeXen.Protocol.Tftp;
using PxeXen.Server.Threading;

namespace PxeXen.Server.Tftp;

/// <summary>
/// Port 69: reads requests and starts one <see cref="TftpTransfer"/> per client endpoint, each on its
/// own socket. Every transfer task is kept and awaited when the service stops.
/// </summary>
public sealed class TftpListener(IOptions<TftpSettings> options, TftpTransfer transfer, TftpRoot root, ILogger<TftpListener> logger)
    : BackgroundService
{
    private readonly TftpSettings _settings = options.Value;
    private readonly ConcurrentDictionary<IPEndPoint, byte> _clients = new();
    private readonly TaskCompletionSource<IPEndPoint> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The bound address and port (Port=0 picks one), once listening.</summary>
    public Task<IPEndPoint> Bound => _bound.Task;

    /// <summary>Transfers running now.</summary>
    public int ActiveTransfers => _clients.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_settings.Enabled)
        {
            _bound.TrySetCanceled(CancellationToken.None);
            return;
        }
        var address = IPAddress.Parse(_settings.Address);
        using var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        // The arriving interface and address: replies leave from that address, blksize fits that MTU.
        socket.SetSocketOption(address.AddressFamily == AddressFamily.InterNetworkV6 ? SocketOptionLevel.IPv6 : SocketOptionLevel.IP,
            SocketOptionName.PacketInformation, true);
        try
        {
            socket.Bind(new IPEndPoint(address, _settings.Port));
        }
        catch (SocketException e)
        {
            _bound.TrySetException(e);
            throw;
        }
        var local = (IPEndPoint)socket.LocalEndPoint!;
        TftpLog.Listening(logger, local, root.RealPath);
        _bound.TrySetResult(local);

        var running = new List<Task>();
        try
        {
            await OwnThread.Run(() => Receive(socket, local, running, stoppingToken), $"tftp {local}");
        }
        finally
        {
            await Task.WhenAll(running);
        }
    }

    /// <summary>
    /// Reads requests on a thread of its own with a blocking receive, as the DHCP listener does: an
    /// asynchronous receive hands every request from the epoll thread to a pool thread before it
    /// reaches the transfer's thread, one more wake-up between RRQ and OACK.
    /// </summary>
    private void Receive(Socket socket, IPEndPoint local, List<Task> running, CancellationToken stoppingToken)
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(local.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        // Stopping closes the socket, which ends the blocking receive; the transfers see the same token.
        using var stop = stoppingToken.Register(socket.Dispose);
        while (!stoppingToken.IsCancellationRequested)
        {
            int length;
            IPPacketInformation arrival;
            EndPoint from = any;
            try
            {
                var flags = SocketFlags.None;
                length = socket.ReceiveMessageFrom(buffer, ref flags, ref from, out arrival);
            }
            catch (Exception e) when (stoppingToken.IsCancellationRequested && e is SocketException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // ICMP errors for earlier replies surface here on some kernels; the socket is still fine.
                TftpLog.SocketError(logger, local, e.SocketErrorCode.ToString());
                continue;
            }
            var client = (IPEndPoint)from;
            if (!TftpReader.TryReadRequest(buffer.AsSpan(0, length), out var request, out var reason))
            {
                TftpLog.Malformed(logger, client, reason!);
                continue;
            }
            // A client that timed out waiting for our first reply sends its RRQ again: one transfer is enough.
            if (!_clients.TryAdd(client, 0))
            {
                TftpLog.DuplicateRequest(logger, client, request!.FileName);
                continue;
            }
            if (_clients.Count > _settings.MaxTransfers)
            {
                _clients.TryRemove(client, out _);
                TftpLog.Busy(logger, client, request!.FileName, _settings.MaxTransfers);
                SendBusy(socket, client);
                continue;
            }
            running.RemoveAll(t => t.IsCompleted);
            running.Add(RunTransferAsync(request!, client, arrival, stoppingToken));
        }
    }

    private async Task RunTransferAsync(TftpRequest request, IPEndPoint client, IPPacketInformation arrival, CancellationToken stop)
    {
        // RunAsync starts the transfer's own thread and returns: opening files and the generated-file
        // seam happen there, never on this receive loop.
        try
        {
            await transfer.RunAsync(request, client, arrival.Address, arrival.Interface, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            TftpLog.Failed(logger, e, client, request.FileName);
        }
        finally
        {
            _clients.TryRemove(client, out _);
        }
    }

    private static void SendBusy(Socket socket, IPEndPoint client)
    {
        Span<byte> buffer = stackalloc byte[128];
        var length = TftpWriter.WriteError(buffer, TftpErrorCode.NotDefined, "server busy: too many transfers, try again");
        try
        {
            socket.SendTo(buffer[..length], SocketFlags.None, client);
        }
        catch (SocketException)
        {
        }
    }
}
