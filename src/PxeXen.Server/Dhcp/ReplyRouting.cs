using System.Net;
using PxeXen.Protocol.Dhcp;

namespace PxeXen.Server.Dhcp;

/// <summary>Where a reply goes: RFC 2131 §4.1 ("If the 'giaddr' field ... is not zero ...") in one function.</summary>
internal static class ReplyRouting
{
    public static ReplyDestination Route(DhcpMessage request, DhcpMessage reply, DhcpArrival arrival, int serverPort, int clientPort)
    {
        // PXE boot server discovery (port 4011): answer where the client asked from (PXE 2.1 §2.2.6).
        if (arrival.OnProxyPort && !arrival.Source.Address.Equals(IPAddress.Any))
            return new(arrival.Source, false, "proxy port: back to the source");
        if (!request.GatewayAddress.Equals(IPAddress.Any))
        {
            // Relayed: to the relay's server port; a NAK asks the relay to broadcast it.
            if (reply.MessageType == DhcpMessageType.Nak)
                reply.Broadcast = true;
            return new(new IPEndPoint(request.GatewayAddress, serverPort), false, "giaddr set: to the relay agent");
        }
        if (reply.MessageType == DhcpMessageType.Nak)
            return new(new IPEndPoint(IPAddress.Broadcast, clientPort), true, "NAK without giaddr: broadcast");
        if (!request.ClientAddress.Equals(IPAddress.Any))
            return new(new IPEndPoint(request.ClientAddress, clientPort), false, "ciaddr set: unicast to ciaddr");
        if (request.Broadcast)
            return new(new IPEndPoint(IPAddress.Broadcast, clientPort), true, "broadcast bit: broadcast");
        // The RFC would unicast to yiaddr at chaddr, which needs an ARP entry a UDP socket cannot
        // add; broadcasting instead is what dnsmasq without ARP access and pixiecore do too.
        return new(new IPEndPoint(IPAddress.Broadcast, clientPort), true, "no ciaddr, no broadcast bit: broadcast (no ARP injection)");
    }
}
