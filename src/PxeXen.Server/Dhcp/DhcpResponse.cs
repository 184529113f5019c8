using PxeXen.Inventory.Leases;
using PxeXen.Protocol.Dhcp;

namespace PxeXen.Server.Dhcp;

/// <summary>
/// What the responder decided: a reply to send now, or (for an ACK, RELEASE, DECLINE) a lease
/// change that must be durable first, with the reply for success and the one for refusal.
/// </summary>
internal readonly record struct DhcpResponse(DhcpMessage? Reply, LeaseChange? Change = null, DhcpMessage? RefusedReply = null)
{
    public static DhcpResponse None => default;
}
