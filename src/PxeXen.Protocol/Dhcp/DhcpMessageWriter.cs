using System.Buffers.Binary;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;

namespace PxeXen.Protocol.Dhcp;

/// <summary>
/// <see cref="DhcpMessage"/> to bytes. Options longer than 255 bytes are split into consecutive
/// instances (RFC 3396); option 82 goes last (RFC 3046 §2.1); when the options do not fit in
/// <c>maxLength</c> they continue in <c>file</c> then <c>sname</c> with option 52 (RFC 2132 §9.3),
/// provided those fields are empty. Short messages are zero-padded to the BOOTP minimum of 300.
/// </summary>
public static class DhcpMessageWriter
{
    /// <summary>Room for any message this server builds (Ethernet MTU minus IP and UDP headers).</summary>
    public const int MaxDatagram = 1500 - 28;

    public static byte[] Write(DhcpMessage message, int maxLength = MaxDatagram)
    {
        var buffer = new byte[Math.Max(maxLength, DhcpLayout.MinimumMessageLength)];
        if (!TryWrite(message, buffer, out var written, maxLength))
            throw new InvalidOperationException($"message {message.TransactionId:x8} does not fit in {maxLength} bytes");
        return buffer.AsSpan(0, written).ToArray();
    }

    /// <returns>False when the message does not fit in <paramref name="destination"/> or <paramref name="maxLength"/>.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per packet: optimised from the first DHCP storm after start, not tier 0
    public static bool TryWrite(DhcpMessage message, Span<byte> destination, out int written, int maxLength = MaxDatagram)
    {
        written = 0;
        var limit = Math.Min(destination.Length, maxLength);
        if (limit < DhcpLayout.Options + 1)
            return false;
        var sname = Encoding.Latin1.GetByteCount(message.ServerName);
        var file = Encoding.Latin1.GetByteCount(message.BootFileName);
        if (sname >= DhcpLayout.ServerNameLength || file >= DhcpLayout.FileLength)
            return false;

        var header = destination[..DhcpLayout.Options];
        header.Clear();
        header[DhcpLayout.Op] = (byte)message.Op;
        header[DhcpLayout.HardwareType] = message.HardwareType;
        header[DhcpLayout.HardwareLength] = message.HardwareLength;
        header[DhcpLayout.Hops] = message.Hops;
        BinaryPrimitives.WriteUInt32BigEndian(header[DhcpLayout.TransactionId..], message.TransactionId);
        BinaryPrimitives.WriteUInt16BigEndian(header[DhcpLayout.Seconds..], message.Seconds);
        BinaryPrimitives.WriteUInt16BigEndian(header[DhcpLayout.Flags..], message.Flags);
        WriteAddress(header, DhcpLayout.ClientAddress, message.ClientAddress);
        WriteAddress(header, DhcpLayout.YourAddress, message.YourAddress);
        WriteAddress(header, DhcpLayout.ServerAddress, message.ServerAddress);
        WriteAddress(header, DhcpLayout.GatewayAddress, message.GatewayAddress);
        message.ClientHardwareAddress.AsSpan(0, Math.Min(message.ClientHardwareAddress.Length, DhcpLayout.ClientHardwareAddressLength))
            .CopyTo(header[DhcpLayout.ClientHardwareAddress..]);
        Encoding.Latin1.GetBytes(message.ServerName, header[DhcpLayout.ServerName..]);
        Encoding.Latin1.GetBytes(message.BootFileName, header[DhcpLayout.File..]);
        BinaryPrimitives.WriteUInt32BigEndian(header[DhcpLayout.MagicCookie..], DhcpLayout.Cookie);

        var placer = new OptionPlacer(destination, limit, fileFree: file == 0, snameFree: sname == 0);
        foreach (var option in message.Options)
            if (option.Code is not (DhcpOptionCode.RelayAgentInformation or DhcpOptionCode.Overload))
                if (!placer.Place(option))
                    return false;
        if (message.Options.TryGet(DhcpOptionCode.RelayAgentInformation, out var relay)
            && !placer.Place(new DhcpOption(DhcpOptionCode.RelayAgentInformation, relay)))
            return false;
        var end = placer.Finish();
        if (end < DhcpLayout.MinimumMessageLength)
        {
            if (destination.Length < DhcpLayout.MinimumMessageLength)
                return false;
            destination[end..DhcpLayout.MinimumMessageLength].Clear();
            end = DhcpLayout.MinimumMessageLength;
        }
        written = end;
        return true;
    }

    private static void WriteAddress(Span<byte> header, int offset, IPAddress address)
    {
        if (!address.TryWriteBytes(header.Slice(offset, 4), out _))
            throw new ArgumentException($"{address} is not an IPv4 address");
    }

    /// <summary>
    /// Fills the options area, then (when allowed) file and sname, one instance at a time. Three
    /// bytes stay free in the options area for option 52 and one per field for option 255.
    /// </summary>
    private ref struct OptionPlacer(Span<byte> destination, int limit, bool fileFree, bool snameFree)
    {
        private readonly Span<byte> _destination = destination;
        private int _field; // 0 options, 1 file, 2 sname
        private int _position = DhcpLayout.Options;
        private int _end = limit - 1 - ((fileFree || snameFree) ? 3 : 0);
        private int _optionsEnd = -1;
        private byte _overload;

        public bool Place(DhcpOption option)
        {
            var data = option.Data.Span;
            do
            {
                var chunk = Math.Min(data.Length, 255);
                while (_position + 2 + chunk > _end)
                    if (!NextField())
                        return false;
                _destination[_position] = option.Code;
                _destination[_position + 1] = (byte)chunk;
                data[..chunk].CopyTo(_destination[(_position + 2)..]);
                _position += 2 + chunk;
                data = data[chunk..];
            }
            while (!data.IsEmpty);
            return true;
        }

        private bool NextField()
        {
            if (_field == 0)
                _optionsEnd = _position;
            else
                _destination[_position++] = DhcpOptionCode.End;
            if (_field < 1 && fileFree)
            {
                (_field, _position, _end, _overload) = (1, DhcpLayout.File, DhcpLayout.File + DhcpLayout.FileLength - 1, (byte)(_overload | 1));
                _destination.Slice(DhcpLayout.File, DhcpLayout.FileLength).Clear();
                return true;
            }
            if (_field < 2 && snameFree)
            {
                (_field, _position, _end, _overload) = (2, DhcpLayout.ServerName, DhcpLayout.ServerName + DhcpLayout.ServerNameLength - 1, (byte)(_overload | 2));
                _destination.Slice(DhcpLayout.ServerName, DhcpLayout.ServerNameLength).Clear();
                return true;
            }
            return false;
        }

        /// <returns>The length of the message.</returns>
        public int Finish()
        {
            if (_field == 0)
            {
                _destination[_position] = DhcpOptionCode.End;
                return _position + 1;
            }
            _destination[_position] = DhcpOptionCode.End;
            var i = _optionsEnd;
            _destination[i++] = DhcpOptionCode.Overload;
            _destination[i++] = 1;
            _destination[i++] = _overload;
            _destination[i++] = DhcpOptionCode.End;
            return i;
        }
    }
}
