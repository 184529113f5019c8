namespace PxeXen.Inventory.Leases;

/// <summary>
/// Durable leases. Writes come in batches (group commit: many DHCP requests, one transaction and
/// one fsync), and an address is claimed atomically, so two servers sharing one database never
/// give one address to two MACs.
/// </summary>
public interface ILeaseStore
{
    /// <summary>Creates the tables when missing and checks the schema version.</summary>
    ValueTask InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Applies the changes in one transaction, durable when this returns. Result i is false when
    /// change i was refused: a Bind whose address another MAC holds (active and unexpired, or
    /// declined and quarantined), or a Release/Decline from a MAC that does not hold the address.
    /// </summary>
    ValueTask<bool[]> CommitAsync(IReadOnlyList<LeaseChange> changes, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Upkeep that must stay off the commit path, run by the DHCP server until it stops (SQLite: the
    /// WAL checkpoints, which would otherwise stall the commit that crosses the threshold and every
    /// ACK waiting for it). Completes at once for a store that needs none.
    /// </summary>
    Task RunMaintenanceAsync(CancellationToken cancellationToken);

    /// <summary>Leases, optionally for one MAC and/or updated at or after <paramref name="since"/>; ordered by address.</summary>
    ValueTask<IReadOnlyList<Lease>> ListAsync(string? mac, DateTimeOffset? since, CancellationToken cancellationToken);
}
