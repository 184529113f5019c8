using System.Net;
using PxeXen.Protocol.Dhcp;
using PxeXen.Server.Dhcp;

namespace PxeXen.Server.Tests.Dhcp;

/// <summary>RFC 2131 §4.1, row by row.</summary>
public sealed class ReplyRoutingTests
{
    public static TheoryData<string, string, string, bool, DhcpMessageType, bool, string, bool> Rows() => new()
    {
        // name, giaddr, ciaddr, broadcast bit, reply type, proxy port, expected destination, expected broadcast
        { "relayed offer", "10.9.0.1", "0.0.0.0", false, DhcpMessageType.Offer, false, "10.9.0.1:67", false },
        { "relayed nak", "10.9.0.1", "0.0.0.0", false, DhcpMessageType.Nak, false, "10.9.0.1:67", false },
        { "relayed with ciaddr", "10.9.0.1", "10.9.0.50", false, DhcpMessageType.Ack, false, "10.9.0.1:67", false },
        { "nak direct", "0.0.0.0", "10.0.0.50", false, DhcpMessageType.Nak, false, "255.255.255.255:68", true },
        { "renewing ack", "0.0.0.0", "10.0.0.50", false, DhcpMessageType.Ack, false, "10.0.0.50:68", false },
        { "inform ack", "0.0.0.0", "10.0.0.50", true, DhcpMessageType.Ack, false, "10.0.0.50:68", false },
        { "broadcast bit", "0.0.0.0", "0.0.0.0", true, DhcpMessageType.Offer, false, "255.255.255.255:68", true },
        { "no bit, no ciaddr", "0.0.0.0", "0.0.0.0", false, DhcpMessageType.Offer, false, "255.255.255.255:68", true },
        { "pxe port 4011", "0.0.0.0", "10.0.0.50", false, DhcpMessageType.Ack, true, "10.0.0.50:4011", false },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Route_FollowsRfc2131Section41(string name, string giaddr, string ciaddr, bool broadcast, DhcpMessageType type, bool proxyPort, string expected, bool expectBroadcast)
    {
        var request = new DhcpMessage { GatewayAddress = IPAddress.Parse(giaddr), ClientAddress = IPAddress.Parse(ciaddr), Broadcast = broadcast };
        var reply = request.CreateReply(type);
        var arrival = new DhcpArrival("eth0", IPAddress.Parse("10.0.0.1"), proxyPort ? 4011 : 67, new IPEndPoint(IPAddress.Parse(ciaddr), proxyPort ? 4011 : 68)) { OnProxyPort = proxyPort };

        var destination = ReplyRouting.Route(request, reply, arrival, serverPort: 67, clientPort: 68);

        Assert.Equal(expected, destination.EndPoint.ToString());
        Assert.Equal(expectBroadcast, destination.Broadcast);
        Assert.False(string.IsNullOrEmpty(destination.Rule), name);
        if (type == DhcpMessageType.Nak && giaddr != "0.0.0.0")
            Assert.True(reply.Broadcast, "a relayed NAK asks the relay to broadcast");
    }
}
