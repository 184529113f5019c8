using System.ComponentModel.DataAnnotations;

namespace PxeXen.Server.Dhcp;

/// <summary>A subnet served directly (an interface address inside it) or through a relay (giaddr inside it).</summary>
public sealed class DhcpSubnetSettings
{
    /// <summary>CIDR, e.g. <c>10.0.0.0/24</c>.</summary>
    [Required] public string Network { get; set; } = "";

    public List<DhcpPoolSettings> Pools { get; set; } = [];

    /// <summary>Option 3; empty sends none.</summary>
    public string? Router { get; set; }

    /// <summary>Option 6.</summary>
    public List<string> DnsServers { get; set; } = [];

    /// <summary>Option 15.</summary>
    public string? DomainName { get; set; }

    [Range(60, 100_000_000)] public int LeaseTimeSeconds { get; set; } = 3600;

    /// <summary>T1 (option 58); 0 = half the lease time (RFC 2131 §4.4.5).</summary>
    [Range(0, 100_000_000)] public int RenewalTimeSeconds { get; set; }

    /// <summary>T2 (option 59); 0 = 7/8 of the lease time.</summary>
    [Range(0, 100_000_000)] public int RebindingTimeSeconds { get; set; }
}
