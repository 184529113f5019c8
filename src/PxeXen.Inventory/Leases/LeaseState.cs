namespace PxeXen.Inventory.Leases;

/// <summary>Where a lease is in its life (RFC 2131 §4.3–4.4).</summary>
public enum LeaseState
{
    /// <summary>Acknowledged; the address belongs to the MAC until <see cref="Lease.Expires"/>.</summary>
    Active,

    /// <summary>The client sent DHCPRELEASE: the address may go to anyone.</summary>
    Released,

    /// <summary>The client sent DHCPDECLINE (address in use): quarantined until <see cref="Lease.Expires"/>.</summary>
    Declined,
}
