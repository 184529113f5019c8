using System.ComponentModel.DataAnnotations;
using System.Net;
using PxeXen.Boot.Dhcp;

namespace PxeXen.Server.Dhcp;

/// <summary>The DHCPv4 server (section <c>Dhcp</c>). Off unless the operator turns it on.</summary>
public sealed class DhcpSettings : IValidatableObject
{
    public const string Section = "Dhcp";

    public DhcpMode Mode { get; set; } = DhcpMode.Off;

    /// <summary>Interfaces to serve (names); empty = every interface that is up with an IPv4 address, loopback excluded.</summary>
    public List<string> Interfaces { get; set; } = [];

    [Range(1, 65535)] public int ServerPort { get; set; } = 67;
    [Range(1, 65535)] public int ClientPort { get; set; } = 68;

    /// <summary>PXE boot server discovery (proxy mode).</summary>
    [Range(0, 65535)] public int ProxyPort { get; set; } = 4011;

    /// <summary>Server identifier and siaddr; empty = the address of the interface the request arrived on.</summary>
    public string? ServerAddress { get; set; }

    /// <summary>siaddr (TFTP server) when it is not this server.</summary>
    public string? NextServer { get; set; }

    public List<DhcpSubnetSettings> Subnets { get; set; } = [];

    /// <summary>How long an OFFER keeps its address for the client.</summary>
    [Range(1, 3600)] public int OfferHoldSeconds { get; set; } = 30;

    /// <summary>How long a DECLINEd address stays out of the pool (RFC 2131 §3.1.5: it is in use by someone).</summary>
    [Range(1, 100_000_000)] public int DeclineQuarantineSeconds { get; set; } = 3600;

    /// <summary>Most lease writes per transaction (group commit).</summary>
    [Range(1, 100_000)] public int MaxCommitBatch { get; set; } = 1024;

    /// <summary>
    /// Shortest time between the starts of two lease commits (group commit): under load requests
    /// gather for this long and share one fsync; an idle server commits at once. 0 commits back to back.
    /// </summary>
    [Range(0, 1000)] public int MinCommitIntervalMilliseconds { get; set; } = 10;

    public BootFileSettings Boot { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in Boot.Validate(validationContext))
            yield return new ValidationResult(result.ErrorMessage, result.MemberNames.Select(m => "Boot:" + m));
        if (ServerAddress is { Length: > 0 } s && !IsIPv4(s))
            yield return new ValidationResult($"'{s}' is not an IPv4 address", [nameof(ServerAddress)]);
        if (NextServer is { Length: > 0 } n && !IsIPv4(n))
            yield return new ValidationResult($"'{n}' is not an IPv4 address", [nameof(NextServer)]);
        if (Mode == DhcpMode.Authoritative && Subnets.Count == 0)
            yield return new ValidationResult("at least one subnet is needed in Authoritative mode", [nameof(Subnets)]);
        for (var i = 0; i < Subnets.Count; i++)
        {
            var key = $"{nameof(Subnets)}:{i}";
            if (!DhcpSubnet.TryCreate(Subnets[i], out _, out var error))
                yield return new ValidationResult(error.Message, [key + ":" + error.Key]);
        }
    }

    private static bool IsIPv4(string text) =>
        IPAddress.TryParse(text, out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork;
}
