using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using PxeXen.Protocol.Tftp;

namespace PxeXen.Server.Tftp;

/// <summary>
/// Sends runs of consecutive DATA packets for one transfer. With a windowsize (RFC 7440) and Linux UDP
/// GSO (UDP_SEGMENT), up to 64 packets leave in one send: the buffer holds them back to back (header,
/// payload, header, payload...) and the kernel cuts it into datagrams of 4 + blksize bytes, the last
/// one possibly shorter. Without GSO, or when the kernel refuses it, one send per packet.
/// </summary>
internal sealed class TftpWindow : IDisposable
{
    private const int SolUdp = 17;      // SOL_UDP
    private const int UdpSegment = 103; // UDP_SEGMENT, Linux 4.18+
    // UDP_MAX_SEGMENTS is 64 in the kernels that introduced GSO (later raised to 128): the safe bound.
    private const int MaxSegments = 64;
    // The whole buffer is one UDP send before it is cut: its payload is bounded like one datagram's (IPv4).
    private const int MaxSendBytes = 65507;
    // Packet by packet, small blocks are copied from one positional read of this many bytes: one
    // system call per 64 blocks of 512 instead of one per block (the lock-step path is latency-bound).
    private const int ReadAheadBytes = 32 * 1024;
    private static int s_gsoRefused;

    private readonly TransferSocket _calls;
    private readonly TftpContent _content;
    private readonly int _blockSize;
    private readonly int _stride;
    private byte[] _buffer;
    private readonly Memory<byte>[] _payloads;
    private readonly IReadOnlyList<Memory<byte>> _fullRun;
    private readonly IPEndPoint _client;
    private readonly string _path;
    private readonly ILogger _logger;
    private int _segments;
    // Lock-step double buffering, as BSD tftpd's read_ahead(): the next block is read while the
    // client works on this one, so the ACK->DATA turn costs a send and no read. Each buffer
    // remembers its block (0 = none), so a retransmission resends without reading either.
    private byte[]? _prepared;
    private long _preparedBlock;
    private long _bufferBlock;
    private byte[]? _ahead;
    private long _aheadOffset;
    private int _aheadLength;

    /// <param name="mtu">Of the outgoing interface when known: a segment must fit it, or the kernel refuses.</param>
    public TftpWindow(TransferSocket calls, TftpContent content, int blockSize, int windowSize, int? mtu,
        IPEndPoint client, string path, ILogger logger)
    {
        _calls = calls;
        _content = content;
        _blockSize = blockSize;
        _stride = TftpWriter.DataHeaderLength + blockSize;
        _client = client;
        _path = path;
        _logger = logger;
        var ipHeader = client.AddressFamily == AddressFamily.InterNetworkV6 ? 40 : 20;
        var segments = Math.Min(Math.Min(windowSize, MaxSegments), MaxSendBytes / _stride);
        _segments = segments >= 2 && (mtu is null || ipHeader + 8 + _stride <= mtu) && TryEnableGso(calls.Socket, _stride, logger) ? segments : 1;
        if (_segments > 1)
            TftpLog.SegmentationOffload(logger, client, path, _segments);
        // Pooled: a fresh 64 KiB array per transfer is zeroed and faulted in page by page before the
        // first DATA can leave; a returned one is warm.
        _buffer = ArrayPool<byte>.Shared.Rent(_stride * _segments);
        _payloads = new Memory<byte>[_segments];
        _fullRun = new ArraySegment<Memory<byte>>(_payloads);
    }

    /// <summary>Sends blocks <paramref name="first"/>..<paramref name="last"/> (numbers go out modulo 65536).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Send(long first, long last)
    {
        for (var block = first; block <= last; block += _segments)
            SendRun(block, (int)Math.Min(_segments, last - block + 1));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per window, from the first transfer on
    private void SendRun(long first, int count)
    {
        var offset = (first - 1) * _blockSize;
        var bytes = (int)Math.Min((long)count * _blockSize, _content.Length - offset);
        if (_segments == 1)
        {
            SendOne(first, bytes);
            return;
        }

        // One positional scatter read fills every payload slot of the run; then the headers.
        for (var i = 0; i < count; i++)
        {
            var length = Math.Min(_blockSize, bytes - i * _blockSize);
            _payloads[i] = _buffer.AsMemory(i * _stride + TftpWriter.DataHeaderLength, length);
            TftpWriter.WriteDataHeader(_buffer.AsSpan(i * _stride), (ushort)(first + i));
        }
        if (_content.Read(offset, count == _segments ? _fullRun : new ArraySegment<Memory<byte>>(_payloads, 0, count)) != bytes)
            ThrowShrank();
        var total = (count - 1) * _stride + TftpWriter.DataHeaderLength + _payloads[count - 1].Length;
        try
        {
            _calls.Send(_buffer.AsSpan(0, total));
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.InvalidArgument or SocketError.MessageSize or SocketError.IOPending or SocketError.SocketError)
        {
            // The path refused segmentation (a segment over its MTU, a tunnel): this transfer sends
            // packet by packet from here on, starting with this run.
            TftpLog.SegmentationRefused(_logger, _client, _path, e.SocketErrorCode.ToString());
            _calls.Socket.SetRawSocketOption(SolUdp, UdpSegment, BitConverter.GetBytes(0));
            _segments = 1;
            for (var i = 0; i < count; i++)
                _calls.Send(_buffer.AsSpan(i * _stride, TftpWriter.DataHeaderLength + _payloads[i].Length));
        }
    }

    /// <summary>Sends block <paramref name="block"/> of <paramref name="bytes"/> bytes, then prepares the next one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SendOne(long block, int bytes)
    {
        if (_bufferBlock != block)
        {
            if (_preparedBlock == block)
            {
                (_buffer, _prepared) = (_prepared!, _buffer);
                (_bufferBlock, _preparedBlock) = (block, 0);
            }
            else
            {
                Prepare(_buffer, block, bytes);
                _bufferBlock = block;
            }
        }
        _calls.Send(_buffer.AsSpan(0, TftpWriter.DataHeaderLength + bytes));

        var nextOffset = block * _blockSize;
        if (nextOffset <= _content.Length && _preparedBlock != block + 1)
        {
            _prepared ??= ArrayPool<byte>.Shared.Rent(_stride);
            Prepare(_prepared, block + 1, (int)Math.Min(_blockSize, _content.Length - nextOffset));
            _preparedBlock = block + 1;
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        if (_prepared is not null)
            ArrayPool<byte>.Shared.Return(_prepared);
        if (_ahead is not null)
            ArrayPool<byte>.Shared.Return(_ahead);
        _buffer = _prepared = _ahead = null!;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Prepare(byte[] buffer, long block, int bytes)
    {
        ReadPayload((block - 1) * _blockSize, buffer.AsSpan(TftpWriter.DataHeaderLength, bytes));
        TftpWriter.WriteDataHeader(buffer, (ushort)block);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadPayload(long offset, Span<byte> destination)
    {
        if (_blockSize > ReadAheadBytes / 4 || destination.IsEmpty)
        {
            if (_content.Read(offset, destination) != destination.Length)
                ThrowShrank();
            return;
        }
        if (_ahead is null || offset < _aheadOffset || offset + destination.Length > _aheadOffset + _aheadLength)
        {
            // Refill from this block on (also when a retransmission goes back before the buffer).
            _ahead ??= ArrayPool<byte>.Shared.Rent(ReadAheadBytes);
            var wanted = (int)Math.Min(ReadAheadBytes, _content.Length - offset);
            _aheadOffset = offset;
            _aheadLength = _content.Read(offset, _ahead.AsSpan(0, wanted));
            if (_aheadLength < destination.Length)
                ThrowShrank();
        }
        _ahead!.AsSpan((int)(offset - _aheadOffset), destination.Length).CopyTo(destination);
    }

    private void ThrowShrank()
    {
        TftpTransfer.SendError(_calls.Socket, TftpErrorCode.NotDefined, "file changed while it was being sent");
        throw new IOException($"{_path} shrank below {_content.Length} bytes during the transfer");
    }

    /// <summary>Sets UDP_SEGMENT on the socket; once the kernel refuses it, no later transfer asks again.</summary>
    private static bool TryEnableGso(Socket socket, int segmentSize, ILogger logger)
    {
        if (!OperatingSystem.IsLinux() || Volatile.Read(ref s_gsoRefused) != 0)
            return false;
        try
        {
            socket.SetRawSocketOption(SolUdp, UdpSegment, BitConverter.GetBytes(segmentSize));
            return true;
        }
        catch (SocketException e)
        {
            if (Interlocked.Exchange(ref s_gsoRefused, 1) == 0)
                TftpLog.SegmentationUnavailable(logger, e.SocketErrorCode.ToString());
            return false;
        }
    }
}
