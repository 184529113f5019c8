using System.Buffers.Binary;
using System.Text;

namespace PxeXen.Protocol.Tftp;

/// <summary>
/// Writes TFTP packets into caller-owned buffers (no allocation). Each method returns the number of
/// bytes written and throws <see cref="ArgumentException"/> when the destination is too small: that is
/// a programming error, not hostile input. Layouts: see <see cref="TftpReader"/>.
/// </summary>
public static class TftpWriter
{
    /// <summary>Opcode and block number in front of a DATA payload.</summary>
    public const int DataHeaderLength = 4;
    public const int AckLength = 4;

    public static int GetRequestLength(string fileName, string mode, ReadOnlySpan<TftpOption> options) =>
        2 + Encoding.UTF8.GetByteCount(fileName) + 1 + Encoding.UTF8.GetByteCount(mode) + 1 + GetOptionsLength(options);

    /// <summary>An RRQ or WRQ with options (RFC 2347); an empty <paramref name="options"/> writes a plain RFC 1350 request.</summary>
    public static int WriteRequest(Span<byte> destination, TftpOpcode opcode, string fileName, string mode, ReadOnlySpan<TftpOption> options)
    {
        if (opcode is not (TftpOpcode.ReadRequest or TftpOpcode.WriteRequest))
            throw new ArgumentException($"{opcode} is not a request opcode", nameof(opcode));
        EnsureLength(destination, GetRequestLength(fileName, mode, options));
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)opcode);
        var offset = 2;
        offset += WriteString(destination[offset..], fileName);
        offset += WriteString(destination[offset..], mode);
        return offset + WriteOptions(destination[offset..], options);
    }

    /// <summary>Only the 4-byte header, for a payload the caller reads straight into <c>destination[4..]</c>.</summary>
    public static int WriteDataHeader(Span<byte> destination, ushort block)
    {
        EnsureLength(destination, DataHeaderLength);
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)TftpOpcode.Data);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], block);
        return DataHeaderLength;
    }

    public static int WriteData(Span<byte> destination, ushort block, ReadOnlySpan<byte> payload)
    {
        EnsureLength(destination, DataHeaderLength + payload.Length);
        WriteDataHeader(destination, block);
        payload.CopyTo(destination[DataHeaderLength..]);
        return DataHeaderLength + payload.Length;
    }

    public static int WriteAck(Span<byte> destination, ushort block)
    {
        EnsureLength(destination, AckLength);
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)TftpOpcode.Ack);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], block);
        return AckLength;
    }

    public static int GetErrorLength(string message) => 4 + Encoding.UTF8.GetByteCount(message) + 1;

    public static int WriteError(Span<byte> destination, TftpErrorCode code, string message)
    {
        EnsureLength(destination, GetErrorLength(message));
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)TftpOpcode.Error);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)code);
        return 4 + WriteString(destination[4..], message);
    }

    public static int GetOptionAckLength(ReadOnlySpan<TftpOption> options) => 2 + GetOptionsLength(options);

    public static int WriteOptionAck(Span<byte> destination, ReadOnlySpan<TftpOption> options)
    {
        EnsureLength(destination, GetOptionAckLength(options));
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)TftpOpcode.OptionAck);
        return 2 + WriteOptions(destination[2..], options);
    }

    private static int GetOptionsLength(ReadOnlySpan<TftpOption> options)
    {
        var length = 0;
        foreach (var option in options)
            length += Encoding.UTF8.GetByteCount(option.Name) + 1 + Encoding.UTF8.GetByteCount(option.Value) + 1;
        return length;
    }

    private static int WriteOptions(Span<byte> destination, ReadOnlySpan<TftpOption> options)
    {
        var offset = 0;
        foreach (var option in options)
        {
            offset += WriteString(destination[offset..], option.Name);
            offset += WriteString(destination[offset..], option.Value);
        }
        return offset;
    }

    private static int WriteString(Span<byte> destination, string value)
    {
        var length = Encoding.UTF8.GetBytes(value, destination);
        destination[length] = 0;
        return length + 1;
    }

    private static void EnsureLength(Span<byte> destination, int needed)
    {
        if (destination.Length < needed)
            throw new ArgumentException($"the packet needs {needed} bytes, the buffer has {destination.Length}", nameof(destination));
    }
}
