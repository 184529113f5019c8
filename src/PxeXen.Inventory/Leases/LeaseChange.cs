namespace PxeXen.Inventory.Leases;

/// <summary>One write of a group commit (<see cref="ILeaseStore.CommitAsync"/>).</summary>
public readonly record struct LeaseChange(LeaseChangeKind Kind, Lease Lease);
