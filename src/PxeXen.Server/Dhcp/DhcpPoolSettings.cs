using System.ComponentModel.DataAnnotations;

namespace PxeXen.Server.Dhcp;

/// <summary>One dynamic range of a subnet, both ends included.</summary>
public sealed class DhcpPoolSettings
{
    [Required] public string Start { get; set; } = "";
    [Required] public string End { get; set; } = "";

    /// <summary>Only registered machines get addresses here (Kea's known-clients pools): a flood of unknown MACs cannot starve them.</summary>
    public bool RegisteredOnly { get; set; }
}
