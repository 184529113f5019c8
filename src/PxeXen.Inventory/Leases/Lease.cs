using System.Net;

namespace PxeXen.Inventory.Leases;

/// <summary>One address and who holds it. The address is the key: one row per address.</summary>
public sealed record Lease
{
    /// <summary>Normalised MAC, <c>aa:bb:cc:dd:ee:ff</c>.</summary>
    public required string Mac { get; init; }

    public required IPAddress Address { get; init; }

    /// <summary>Option 61 in hex, when the client sent one.</summary>
    public string? ClientId { get; init; }

    public string? Hostname { get; init; }

    public LeaseState State { get; init; } = LeaseState.Active;

    public required DateTimeOffset Expires { get; init; }

    public DateTimeOffset Updated { get; init; }
}
