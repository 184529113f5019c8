using PxeXen.Protocol.Dhcp;

namespace PxeXen.Server.Dhcp;

/// <summary>The socket a request came in on, which sends its reply (a fake in tests).</summary>
internal interface IReplySender
{
    void Send(DhcpMessage request, DhcpMessage reply, DhcpArrival arrival);
}
