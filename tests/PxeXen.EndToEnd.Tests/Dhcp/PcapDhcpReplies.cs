using System.Buffers.Binary;
using PxeXen.Protocol.Dhcp;

namespace PxeXen.EndToEnd.Tests.Dhcp;

/// <summary>DHCP messages out of a tcpdump capture (classic pcap, Ethernet, IPv4/UDP), read with our codec.</summary>
internal static class PcapDhcpReplies
{
    public static List<DhcpMessage> Read(byte[] pcap)
    {
        var messages = new List<DhcpMessage>();
        if (pcap.Length < 24)
            return messages;
        var swapped = BinaryPrimitives.ReadUInt32LittleEndian(pcap) != 0xa1b2c3d4;
        var offset = 24;
        while (offset + 16 <= pcap.Length)
        {
            var included = (int)(swapped ? BinaryPrimitives.ReadUInt32BigEndian(pcap.AsSpan(offset + 8)) : BinaryPrimitives.ReadUInt32LittleEndian(pcap.AsSpan(offset + 8)));
            var frame = pcap.AsSpan(offset + 16, Math.Min(included, pcap.Length - offset - 16));
            offset += 16 + included;
            if (frame.Length < 14 + 20 + 8 || BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != 0x0800)
                continue;
            var ip = frame[14..];
            var headerLength = (ip[0] & 0x0f) * 4;
            if (ip[9] != 17 || ip.Length < headerLength + 8)
                continue;
            if (DhcpMessageReader.TryRead(ip[(headerLength + 8)..], out var message, out _))
                messages.Add(message);
        }
        return messages;
    }
}
