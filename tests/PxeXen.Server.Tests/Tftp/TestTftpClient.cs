using System.Net;
using System.Net.Sockets;
using PxeXen.Protocol.Tftp;

namespace PxeXen.Server.Tests.Tftp;

/// <summary>
/// A scriptable TFTP read client over the codec, for loopback tests: it can lose DATA and ACKs,
/// repeat ACKs, withhold the last ACK, and it counts every DATA packet it sees per block.
/// </summary>
internal sealed class TestTftpClient : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _server;

    public TestTftpClient(IPEndPoint server)
    {
        _server = server;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    }

    /// <summary>Drop the n-th DATA packet received (1-based count of arrivals), as a lossy path would.</summary>
    public Func<int, bool> DropData { get; init; } = _ => false;

    /// <summary>Do not send the n-th ACK (1-based count of ACKs the client means to send).</summary>
    public Func<int, bool> DropAck { get; init; } = _ => false;

    public bool RepeatAcks { get; init; }
    public bool WithholdFinalAck { get; init; }
    public TimeSpan ClientTimeout { get; init; } = TimeSpan.FromMilliseconds(300);

    public IPEndPoint? TransferEndPoint { get; private set; }
    public IReadOnlyList<TftpOption> OptionAck { get; private set; } = [];
    public Dictionary<long, int> DataCountPerBlock { get; } = [];
    public List<byte[]> Stray { get; } = [];

    public Socket Socket => _socket;

    public void SendRaw(ReadOnlySpan<byte> packet) => _socket.SendTo(packet, SocketFlags.None, _server);

    public void SendRequest(string fileName, string mode = "octet", params TftpOption[] options)
    {
        var buffer = new byte[TftpWriter.GetRequestLength(fileName, mode, options)];
        TftpWriter.WriteRequest(buffer, TftpOpcode.ReadRequest, fileName, mode, options);
        SendRaw(buffer);
    }

    /// <summary>Receives one datagram (or null on timeout).</summary>
    public async Task<(byte[] Packet, IPEndPoint From)?> ReceiveAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var buffer = new byte[70_000];
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
            return (buffer[..result.ReceivedBytes], (IPEndPoint)result.RemoteEndPoint);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads a whole file with RFC 7440 window semantics (ACK the last in-order block of a window or on
    /// a gap); returns the bytes, or throws with the server's ERROR.
    /// </summary>
    public async Task<byte[]> ReadAsync(string fileName, int? blockSize, int? windowSize, CancellationToken cancellationToken, bool askSize = true)
    {
        var asked = new TftpOptionSet(blockSize, null, askSize ? 0 : null, windowSize);
        SendRequest(fileName, "octet", asked.ToOptions());
        var content = new MemoryStream();
        var size = TftpOptionSet.DefaultBlockSize;
        var window = 1;
        long expected = 1;
        var sinceAck = 0;
        int dataArrivals = 0, acks = 0, silentRounds = 0;
        var ack = new byte[4];
        void Ack(long block)
        {
            if (DropAck(++acks))
                return;
            TftpWriter.WriteAck(ack, (ushort)block);
            _socket.SendTo(ack, SocketFlags.None, TransferEndPoint!);
            if (RepeatAcks)
                _socket.SendTo(ack, SocketFlags.None, TransferEndPoint!);
        }
        while (true)
        {
            var received = await ReceiveAsync(ClientTimeout, cancellationToken);
            if (received is null)
            {
                if (++silentRounds > 20)
                    throw new TimeoutException($"no packet from the server for {silentRounds} timeouts at block {expected}");
                if (TransferEndPoint is null)
                    SendRequest(fileName, "octet", asked.ToOptions());
                else
                {
                    sinceAck = 0;
                    Ack(expected - 1); // the client's own timeout: re-ACK what it has
                }
                continue;
            }
            silentRounds = 0;
            var (packet, from) = received.Value;
            TransferEndPoint ??= from;
            if (!from.Equals(TransferEndPoint))
            {
                Stray.Add(packet);
                continue;
            }
            if (TftpReader.TryReadError(packet, out var code, out var message, out _))
                throw new TftpErrorException(code, message);
            if (TftpReader.TryReadOptionAck(packet, out var options, out _))
            {
                OptionAck = options;
                var granted = TftpOptionSet.Parse(options);
                size = granted.BlockSize ?? size;
                window = granted.WindowSize ?? 1;
                Ack(0);
                continue;
            }
            if (!TftpReader.TryReadData(packet, out var wire, out var payload, out var reason))
                throw new InvalidOperationException(reason);
            if (DropData(++dataArrivals))
                continue;
            var block = expected + (short)(ushort)(wire - (ushort)expected);
            DataCountPerBlock[block] = DataCountPerBlock.GetValueOrDefault(block) + 1;
            if (block < expected)
            {
                Ack(expected - 1); // a repeat: our ACK got lost, say it again (RFC 1350 §6)
                continue;
            }
            if (block != expected)
            {
                if (block > expected && sinceAck >= 0)
                {
                    sinceAck = -1; // one gap report per window, not one per later block
                    Ack(expected - 1); // a gap: tell the server where to resume (RFC 7440 §4)
                }
                continue;
            }
            content.Write(payload);
            expected++;
            if (sinceAck < 0)
                sinceAck = 0;
            var last = payload.Length < size;
            if (last)
            {
                if (!WithholdFinalAck)
                    Ack(block);
                return content.ToArray();
            }
            if (++sinceAck >= window)
            {
                sinceAck = 0;
                Ack(block);
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}

internal sealed class TftpErrorException(TftpErrorCode code, string message) : Exception($"TFTP error {(int)code}: {message}")
{
    public TftpErrorCode Code { get; } = code;
}
