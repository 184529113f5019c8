using System.Net;

namespace PxeXen.Inventory.Leases;

/// <summary>One write of a group commit (<see cref="ILeaseStore.CommitAsync"/>).</summary>
/// <param name="Replaces">For a Bind: the address this MAC held until now, given up when the bind succeeds.</param>
public readonly record struct LeaseChange(LeaseChangeKind Kind, Lease Lease, IPAddress? Replaces = null);
