using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using PxeXen.Protocol.Tftp;
using PxeXen.Server.Threading;

namespace PxeXen.Server.Tftp;

/// <summary>
/// Port 69: reads requests and serves one <see cref="TftpTransfer"/> per client endpoint, each on its
/// own socket and thread. Leader/followers: the thread that reads a request serves it, and a parked
/// thread takes over port 69 (<see cref="OwnThread"/>), so no thread has to wake up between the
/// RRQ and the first reply. Every thread is kept and awaited when the service stops.
/// </summary>
public sealed class TftpListener(IOptions<TftpSettings> options, TftpTransfer transfer, TftpRoot root, ILogger<TftpListener> logger)
    : BackgroundService
{
    private readonly TftpSettings _settings = options.Value;
    private readonly ConcurrentDictionary<IPEndPoint, byte> _clients = new();
    private readonly TaskCompletionSource<IPEndPoint> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // A leader that failed outside any transfer (not a socket error): the service stops with it.
    private readonly TaskCompletionSource _broken = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // Only the leader reads port 69, and it hands over leadership after it has parsed the request:
    // one receive buffer serves every leader in turn (one per thread would stay cached on each).
    private readonly byte[] _requestBuffer = new byte[65536];
    private readonly Lock _threadsLock = new();
    private readonly List<Task> _threads = [];

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
        transfer.WarmUp(stoppingToken);
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

        // Stopping closes the socket, which ends the leader's blocking receive; transfers see the token.
        using (stoppingToken.Register(socket.Dispose))
        {
            Lead(socket, local, stoppingToken);
            try
            {
                await _broken.Task.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            finally
            {
                await AllThreadsEndedAsync();
            }
        }
    }

    /// <summary>Makes a parked (or new) thread the one reading port 69.</summary>
    private void Lead(Socket socket, IPEndPoint local, CancellationToken stop)
    {
        var thread = OwnThread.Run(() => ReceiveThenServe(socket, local, stop), $"tftp {local}");
        lock (_threadsLock)
        {
            _threads.RemoveAll(t => t.IsCompleted);
            _threads.Add(thread);
        }
        thread.ContinueWith(t => _broken.TrySetException(t.Exception!.InnerExceptions), CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task AllThreadsEndedAsync()
    {
        // A leader that read a request just as the service stopped hands over once more: wait until
        // no thread is left running.
        while (true)
        {
            Task[] running;
            lock (_threadsLock)
                running = _threads.Where(t => !t.IsCompleted).ToArray();
            if (running.Length == 0)
                return;
            await Task.WhenAll(running).ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Reads port 69 with a blocking receive until a request is to be served, hands port 69 to the
    /// next thread, and serves that request here. An asynchronous receive would pass each request
    /// from the epoll thread to a pool thread, and a dedicated listener would wake a transfer thread:
    /// on this 2-core virtual machine each wake-up of an idle thread costs a few hundred microseconds.
    /// </summary>
    private void ReceiveThenServe(Socket socket, IPEndPoint local, CancellationToken stop)
    {
        var buffer = _requestBuffer;
        EndPoint any = new IPEndPoint(local.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        TftpRequest? request = null;
        IPEndPoint? client = null;
        IPPacketInformation arrival = default;
        while (request is null && !stop.IsCancellationRequested)
        {
            int length;
            EndPoint from = any;
            try
            {
                var flags = SocketFlags.None;
                length = socket.ReceiveMessageFrom(buffer, ref flags, ref from, out arrival);
            }
            catch (Exception e) when (stop.IsCancellationRequested && e is SocketException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // ICMP errors for earlier replies surface here on some kernels; the socket is still fine.
                TftpLog.SocketError(logger, local, e.SocketErrorCode.ToString());
                continue;
            }
            client = (IPEndPoint)from;
            if (!TftpReader.TryReadRequest(buffer.AsSpan(0, length), out var read, out var reason))
            {
                TftpLog.Malformed(logger, client, reason!);
                continue;
            }
            // A client that timed out waiting for our first reply sends its RRQ again: one transfer is enough.
            if (!_clients.TryAdd(client, 0))
            {
                TftpLog.DuplicateRequest(logger, client, read!.FileName);
                continue;
            }
            if (_clients.Count > _settings.MaxTransfers)
            {
                _clients.TryRemove(client, out _);
                TftpLog.Busy(logger, client, read!.FileName, _settings.MaxTransfers);
                SendBusy(socket, client);
                continue;
            }
            request = read;
        }
        if (request is null)
            return;

        Lead(socket, local, stop);
        try
        {
            transfer.Serve(request, client!, arrival.Address, arrival.Interface, stop);
        }
        catch (Exception e) when (stop.IsCancellationRequested && e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        catch (Exception e)
        {
            TftpLog.Failed(logger, e, client!, request.FileName);
        }
        finally
        {
            _clients.TryRemove(client!, out _);
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
