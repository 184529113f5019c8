using System.Net;

namespace PxeXen.Inventory.Machines;

/// <summary>A registered machine: what DHCP, TFTP and HTTP need to know to boot it.</summary>
public sealed record Machine
{
    public required string Name { get; init; }

    /// <summary>Normalised MACs (<c>aa:bb:cc:dd:ee:ff</c>, lower case); at least one.</summary>
    public required IReadOnlyList<string> Macs { get; init; }

    public required string Profile { get; init; }

    /// <summary>Fixed address (a DHCP reservation); null takes one from the pool.</summary>
    public IPAddress? Ip { get; init; }

    public string? Hostname { get; init; }
    public IPAddress? Gateway { get; init; }
    public IPAddress? Netmask { get; init; }
    public Guid? Uuid { get; init; }

    /// <summary>False after the install-complete callback: the next boot renders local boot.</summary>
    public bool Netboot { get; init; } = true;

    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();
}
