using System.Buffers.Binary;
using System.Text;

namespace PxeXen.Protocol.Tftp;

/// <summary>
/// Parses TFTP packets. Never throws: every method returns false with a reason naming the field and
/// its offset. Layouts (RFC 1350 §5, RFC 2347):
/// <code>
///  RRQ/WRQ  | 01/02 | filename | 0 | mode | 0 | opt1 | 0 | value1 | 0 | ...
///  DATA     | 03 | block# (2) | data (0..blksize)
///  ACK      | 04 | block# (2)
///  ERROR    | 05 | code (2) | message | 0
///  OACK     | 06 | opt1 | 0 | value1 | 0 | ...
/// </code>
/// </summary>
public static class TftpReader
{
    /// <summary>More options than this in one packet is an attack, not a client.</summary>
    public const int MaxOptions = 32;

    private const int OpcodeLength = 2;
    private const int BlockOffset = 2;
    private const int HeaderLength = 4;

    public static bool TryReadOpcode(ReadOnlySpan<byte> packet, out TftpOpcode opcode, out string? reason)
    {
        opcode = default;
        if (packet.Length < OpcodeLength)
        {
            reason = $"opcode at offset 0 needs 2 bytes, {packet.Length} remain";
            return false;
        }
        var value = BinaryPrimitives.ReadUInt16BigEndian(packet);
        if (value is < (ushort)TftpOpcode.ReadRequest or > (ushort)TftpOpcode.OptionAck)
        {
            reason = $"opcode {value} at offset 0 is unknown";
            return false;
        }
        opcode = (TftpOpcode)value;
        reason = null;
        return true;
    }

    public static bool TryReadRequest(ReadOnlySpan<byte> packet, out TftpRequest? request, out string? reason)
    {
        request = null;
        if (!TryReadOpcode(packet, out var opcode, out reason))
            return false;
        if (opcode is not (TftpOpcode.ReadRequest or TftpOpcode.WriteRequest))
        {
            reason = $"opcode {(ushort)opcode} at offset 0 is not RRQ or WRQ";
            return false;
        }
        var offset = OpcodeLength;
        if (!TryReadString(packet, ref offset, "filename", out var fileName, out reason)
            || !TryReadString(packet, ref offset, "mode", out var mode, out reason))
            return false;
        if (!TryReadOptions(packet, offset, out var options, out reason))
            return false;
        request = new TftpRequest(opcode, fileName, mode, options);
        return true;
    }

    /// <param name="payload">A slice of <paramref name="packet"/>: no copy.</param>
    public static bool TryReadData(ReadOnlySpan<byte> packet, out ushort block, out ReadOnlySpan<byte> payload, out string? reason)
    {
        payload = default;
        if (!TryReadBlockPacket(packet, TftpOpcode.Data, "DATA", out block, out reason))
            return false;
        payload = packet[HeaderLength..];
        return true;
    }

    public static bool TryReadAck(ReadOnlySpan<byte> packet, out ushort block, out string? reason) =>
        TryReadBlockPacket(packet, TftpOpcode.Ack, "ACK", out block, out reason);

    public static bool TryReadError(ReadOnlySpan<byte> packet, out TftpErrorCode code, out string message, out string? reason)
    {
        code = default;
        message = "";
        if (!TryReadOpcode(packet, out var opcode, out reason))
            return false;
        if (opcode != TftpOpcode.Error)
        {
            reason = $"opcode {(ushort)opcode} at offset 0 is not ERROR";
            return false;
        }
        if (packet.Length < HeaderLength)
        {
            reason = $"ERROR code at offset 2 needs 2 bytes, {packet.Length - BlockOffset} remain";
            return false;
        }
        code = (TftpErrorCode)BinaryPrimitives.ReadUInt16BigEndian(packet[BlockOffset..]);
        // Some servers omit the message's NUL; the message is for humans, so take what is there.
        var text = packet[HeaderLength..];
        var end = text.IndexOf((byte)0);
        message = Decode(end < 0 ? text : text[..end]);
        return true;
    }

    public static bool TryReadOptionAck(ReadOnlySpan<byte> packet, out IReadOnlyList<TftpOption> options, out string? reason)
    {
        options = [];
        if (!TryReadOpcode(packet, out var opcode, out reason))
            return false;
        if (opcode != TftpOpcode.OptionAck)
        {
            reason = $"opcode {(ushort)opcode} at offset 0 is not OACK";
            return false;
        }
        return TryReadOptions(packet, OpcodeLength, out options, out reason);
    }

    private static bool TryReadBlockPacket(ReadOnlySpan<byte> packet, TftpOpcode expected, string name, out ushort block, out string? reason)
    {
        block = 0;
        if (!TryReadOpcode(packet, out var opcode, out reason))
            return false;
        if (opcode != expected)
        {
            reason = $"opcode {(ushort)opcode} at offset 0 is not {name}";
            return false;
        }
        if (packet.Length < HeaderLength)
        {
            reason = $"{name} block number at offset 2 needs 2 bytes, {packet.Length - BlockOffset} remain";
            return false;
        }
        block = BinaryPrimitives.ReadUInt16BigEndian(packet[BlockOffset..]);
        return true;
    }

    private static bool TryReadOptions(ReadOnlySpan<byte> packet, int offset, out IReadOnlyList<TftpOption> options, out string? reason)
    {
        options = [];
        reason = null;
        List<TftpOption>? list = null;
        while (offset < packet.Length)
        {
            // Some PXE ROMs pad the request with NULs after the last option: trailing zeros are not an option.
            if (!packet[offset..].ContainsAnyExcept((byte)0))
                break;
            var at = offset;
            if (!TryReadString(packet, ref offset, "option name", out var name, out reason))
                return false;
            if (name.Length == 0)
            {
                reason = $"option name at offset {at} is empty";
                return false;
            }
            if (!TryReadString(packet, ref offset, $"value of option '{name}'", out var value, out reason))
                return false;
            list ??= [];
            if (list.Count == MaxOptions)
            {
                reason = $"option at offset {at} is more than {MaxOptions} options";
                return false;
            }
            list.Add(new TftpOption(name, value));
        }
        if (list is not null)
            options = list;
        return true;
    }

    private static bool TryReadString(ReadOnlySpan<byte> packet, ref int offset, string field, out string value, out string? reason)
    {
        value = "";
        if (offset >= packet.Length)
        {
            reason = $"{field} at offset {offset} is missing, the packet ends there";
            return false;
        }
        var end = packet[offset..].IndexOf((byte)0);
        if (end < 0)
        {
            reason = $"{field} at offset {offset} has no NUL terminator ({packet.Length - offset} bytes remain)";
            return false;
        }
        value = Decode(packet.Slice(offset, end));
        offset += end + 1;
        reason = null;
        return true;
    }

    // UTF-8 with replacement: invalid bytes become U+FFFD, which the server's path jail refuses.
    private static string Decode(ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? "" : Encoding.UTF8.GetString(bytes);
}
