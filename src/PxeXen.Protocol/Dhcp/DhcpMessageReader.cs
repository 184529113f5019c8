using System.Buffers.Binary;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;

namespace PxeXen.Protocol.Dhcp;

/// <summary>Bytes to <see cref="DhcpMessage"/>. Never throws: malformed input yields a reason naming field and offset.</summary>
public static class DhcpMessageReader
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per packet: optimised from the first DHCP storm after start, not tier 0
    public static bool TryRead(ReadOnlySpan<byte> datagram, out DhcpMessage message, out string error)
    {
        message = new DhcpMessage();
        if (datagram.Length < DhcpLayout.Options)
            return Fail($"message is {datagram.Length} bytes, the header and magic cookie need {DhcpLayout.Options}", out error);
        var op = datagram[DhcpLayout.Op];
        if (op is not ((byte)DhcpOp.BootRequest or (byte)DhcpOp.BootReply))
            return Fail($"op at offset {DhcpLayout.Op} is {op}, expected 1 or 2", out error);
        var hlen = datagram[DhcpLayout.HardwareLength];
        if (hlen > DhcpLayout.ClientHardwareAddressLength)
            return Fail($"hlen at offset {DhcpLayout.HardwareLength} is {hlen}, chaddr holds at most 16", out error);
        var cookie = BinaryPrimitives.ReadUInt32BigEndian(datagram[DhcpLayout.MagicCookie..]);
        if (cookie != DhcpLayout.Cookie)
            return Fail($"magic cookie at offset {DhcpLayout.MagicCookie} is 0x{cookie:x8}, expected 0x63825363", out error);

        message.Op = (DhcpOp)op;
        message.HardwareType = datagram[DhcpLayout.HardwareType];
        message.HardwareLength = hlen;
        message.Hops = datagram[DhcpLayout.Hops];
        message.TransactionId = BinaryPrimitives.ReadUInt32BigEndian(datagram[DhcpLayout.TransactionId..]);
        message.Seconds = BinaryPrimitives.ReadUInt16BigEndian(datagram[DhcpLayout.Seconds..]);
        message.Flags = BinaryPrimitives.ReadUInt16BigEndian(datagram[DhcpLayout.Flags..]);
        message.ClientAddress = Address(datagram, DhcpLayout.ClientAddress);
        message.YourAddress = Address(datagram, DhcpLayout.YourAddress);
        message.ServerAddress = Address(datagram, DhcpLayout.ServerAddress);
        message.GatewayAddress = Address(datagram, DhcpLayout.GatewayAddress);
        datagram.Slice(DhcpLayout.ClientHardwareAddress, DhcpLayout.ClientHardwareAddressLength).CopyTo(message.ClientHardwareAddress);

        // Option data is sliced out of one copy of the datagram: one allocation, not one per option.
        var copy = datagram.ToArray();
        if (!ReadOptions(copy, DhcpLayout.Options, copy.Length, "options", requireEnd: true, message.Options, out error))
            return false;

        var overload = 0;
        if (message.Options.TryGet(DhcpOptionCode.Overload, out var overloadData))
        {
            if (overloadData.Length != 1 || overloadData.Span[0] is < 1 or > 3)
                return Fail($"option 52 (overload) must be one byte 1, 2 or 3, got {Convert.ToHexString(overloadData.Span)}", out error);
            overload = overloadData.Span[0];
        }
        // RFC 2131 §4.1: the file field is read before sname. Fields end with option 255 or
        // their last byte (ISC and old relays differ; both are accepted).
        if ((overload & 1) != 0 && !ReadOptions(copy, DhcpLayout.File, DhcpLayout.File + DhcpLayout.FileLength, "file", false, message.Options, out error))
            return false;
        if ((overload & 2) != 0 && !ReadOptions(copy, DhcpLayout.ServerName, DhcpLayout.ServerName + DhcpLayout.ServerNameLength, "sname", false, message.Options, out error))
            return false;
        message.BootFileName = (overload & 1) != 0 ? "" : Text(datagram.Slice(DhcpLayout.File, DhcpLayout.FileLength));
        message.ServerName = (overload & 2) != 0 ? "" : Text(datagram.Slice(DhcpLayout.ServerName, DhcpLayout.ServerNameLength));
        error = "";
        return true;
    }

    private static bool ReadOptions(byte[] data, int start, int end, string field, bool requireEnd, DhcpOptions options, out string error)
    {
        var i = start;
        while (i < end)
        {
            var code = data[i];
            if (code == DhcpOptionCode.Pad)
            {
                i++;
                continue;
            }
            if (code == DhcpOptionCode.End)
            {
                error = "";
                return true;
            }
            if (i + 1 >= end)
                return Fail($"option {code} at offset {i} in {field} has no length byte", out error);
            var length = data[i + 1];
            if (i + 2 + length > end)
                return Fail($"option {code} at offset {i} in {field} claims {length} bytes, {end - i - 2} remain", out error);
            options.Append(code, new ReadOnlyMemory<byte>(data, i + 2, length));
            i += 2 + length;
        }
        if (requireEnd)
            return Fail($"{field} end at offset {end} without option 255 (end)", out error);
        error = "";
        return true;
    }

    private static IPAddress Address(ReadOnlySpan<byte> datagram, int offset)
    {
        var value = BinaryPrimitives.ReadUInt32BigEndian(datagram[offset..]);
        return value == 0 ? IPAddress.Any : new IPAddress(datagram.Slice(offset, 4));
    }

    private static string Text(ReadOnlySpan<byte> field)
    {
        var nul = field.IndexOf((byte)0);
        return Encoding.Latin1.GetString(nul >= 0 ? field[..nul] : field);
    }

    private static bool Fail(string reason, out string error)
    {
        error = reason;
        return false;
    }
}
