namespace PxeXen.Inventory.Leases;

public enum LeaseChangeKind
{
    /// <summary>DHCPACK: claim the address for the MAC; refused when another MAC holds it.</summary>
    Bind,

    /// <summary>DHCPRELEASE by the holder.</summary>
    Release,

    /// <summary>DHCPDECLINE by the holder: quarantine the address until the lease's expiry.</summary>
    Decline,
}
