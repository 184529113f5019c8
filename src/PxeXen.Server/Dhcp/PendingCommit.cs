using PxeXen.Inventory.Leases;
using PxeXen.Protocol.Dhcp;

namespace PxeXen.Server.Dhcp;

/// <summary>A lease change waiting for the group commit, with the reply it will release.</summary>
internal sealed record PendingCommit(LeaseChange Change, DhcpMessage Request, DhcpMessage? Reply, Func<DhcpMessage>? RefusedReply,
    DhcpArrival Arrival, IReplySender Sender);
