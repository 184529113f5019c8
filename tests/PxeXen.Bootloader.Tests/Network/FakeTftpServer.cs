using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using PxeXen.Protocol.Tftp;

namespace PxeXen.Bootloader.Tests.Network;

/// <summary>
/// A small TFTP server on 127.0.0.1 that records every requested name, serves files from memory
/// (OACK with blksize/tsize/windowsize, or plain 512-byte lock-step), and can drop a block once
/// or send noise from a foreign port to exercise the client.
/// </summary>
internal sealed class FakeTftpServer : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _transfers = [];
    private readonly Task _loop;

    public FakeTftpServer()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _loop = Task.Run(ListenAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;
    public ConcurrentDictionary<string, byte[]> Files { get; } = new();
    public ConcurrentQueue<string> Requests { get; } = new();
    public ConcurrentQueue<TftpRequest> RequestDetails { get; } = new();
    public bool HonourOptions { get; set; } = true;
    public int? DropBlockOnce { get; set; }
    public bool NoiseFromForeignPort { get; set; }
    public List<ushort> ErrorsReceived { get; } = [];

    private async Task ListenAsync()
    {
        var buffer = new byte[2048];
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _listener.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (!TftpReader.TryReadRequest(buffer.AsSpan(0, received.ReceivedBytes), out var request, out _) || request is null)
                continue;
            Requests.Enqueue(request.FileName);
            RequestDetails.Enqueue(request);
            var client = (IPEndPoint)received.RemoteEndPoint;
            lock (_transfers)
                _transfers.Add(Task.Run(() => ServeAsync(request, client)));
        }
    }

    private async Task ServeAsync(TftpRequest request, IPEndPoint client)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var buffer = new byte[70000];
        if (!Files.TryGetValue(request.FileName, out var data))
        {
            var error = new byte[TftpWriter.GetErrorLength("File not found")];
            TftpWriter.WriteError(error, TftpErrorCode.FileNotFound, "File not found");
            await socket.SendToAsync(error, client);
            return;
        }
        var asked = TftpOptionSet.Parse(request.Options);
        var blockSize = 512;
        var window = 1;
        if (HonourOptions && !asked.IsEmpty)
        {
            blockSize = asked.BlockSize ?? 512;
            window = asked.WindowSize ?? 1;
            var oack = new TftpOptionSet(asked.BlockSize, null, asked.TransferSize is null ? null : data.Length, asked.WindowSize).ToOptions();
            var packet = new byte[TftpWriter.GetOptionAckLength(oack)];
            TftpWriter.WriteOptionAck(packet, oack);
            if (await ExchangeAsync(socket, client, packet, buffer) != 0)
                return;
        }
        var blocks = data.Length / blockSize + 1;
        long acked = 0; // blocks acknowledged so far (absolute count, no wrap)
        var dropped = false;
        var attempts = 0;
        while (acked < blocks && attempts < 10)
        {
            for (var b = acked + 1; b <= Math.Min(blocks, acked + window); b++)
            {
                if (DropBlockOnce == b && !dropped)
                {
                    dropped = true;
                    continue;
                }
                if (NoiseFromForeignPort && b == 2)
                {
                    using var noise = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    noise.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                    var fake = new byte[TftpWriter.DataHeaderLength + 4];
                    TftpWriter.WriteData(fake, 2, [9, 9, 9, 9]);
                    await noise.SendToAsync(fake, client);
                    var reply = new byte[64];
                    noise.ReceiveTimeout = 1000;
                    try
                    {
                        var n = noise.Receive(reply);
                        if (TftpReader.TryReadError(reply.AsSpan(0, n), out var code, out _, out _))
                            lock (ErrorsReceived) ErrorsReceived.Add((ushort)code);
                    }
                    catch (SocketException)
                    {
                    }
                }
                var offset = (int)((b - 1) * blockSize);
                var length = Math.Min(blockSize, data.Length - offset);
                var packet = new byte[TftpWriter.DataHeaderLength + length];
                TftpWriter.WriteData(packet, unchecked((ushort)b), data.AsSpan(offset, length));
                await socket.SendToAsync(packet, client);
            }
            var ack = await ReceiveAckAsync(socket, buffer);
            if (ack is null)
            {
                attempts++;
                continue;
            }
            attempts = 0;
            // Map the 16-bit ACK onto the absolute block count nearest the window.
            var candidate = (acked & ~0xFFFFL) + ack.Value;
            if (candidate < acked - 0x8000) candidate += 0x10000;
            if (candidate >= acked && candidate <= acked + window)
                acked = candidate;
        }
    }

    private static async Task<int?> ExchangeAsync(Socket socket, IPEndPoint client, byte[] packet, byte[] buffer)
    {
        for (var i = 0; i < 5; i++)
        {
            await socket.SendToAsync(packet, client);
            if (await ReceiveAckAsync(socket, buffer) is { } block)
                return block;
        }
        return null;
    }

    private static async Task<int?> ReceiveAckAsync(Socket socket, byte[] buffer)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        try
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return TftpReader.TryReadAck(buffer.AsSpan(0, n), out var block, out _) ? block : null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _loop;
        Task[] transfers;
        lock (_transfers)
            transfers = [.. _transfers];
        await Task.WhenAll(transfers);
        _listener.Dispose();
        _stop.Dispose();
    }
}
