using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace PxeXen.Server.Dhcp;

/// <summary>IPv4 addresses as host-order integers, for pool arithmetic and cheap dictionary keys.</summary>
internal static class Ipv4
{
    public static uint ToUInt32(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        return address.AddressFamily == AddressFamily.InterNetwork && address.TryWriteBytes(bytes, out _)
            ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : 0;
    }

    public static IPAddress ToAddress(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    public static bool TryParse(string? text, out uint value)
    {
        value = 0;
        if (text is null || !IPAddress.TryParse(text, out var address) || address.AddressFamily != AddressFamily.InterNetwork)
            return false;
        value = ToUInt32(address);
        return true;
    }
}
