using PxeXen.Inventory.Leases;
using PxeXen.Protocol.Dhcp;

namespace PxeXen.Server.Dhcp;

/// <summary>
/// What the responder decided: a reply to send now, or (for an ACK, RELEASE, DECLINE) a lease
/// change that must be durable first, with the reply for success and the one for refusal. The
/// refusal (another server on a shared database holds the address) is rare, so it is built only
/// when it happens: every ACK would otherwise carry a NAK built in vain.
/// </summary>
internal readonly record struct DhcpResponse(DhcpMessage? Reply, LeaseChange? Change = null, Func<DhcpMessage>? RefusedReply = null)
{
    public static DhcpResponse None => default;
}
