using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace PxeXen.Server.Dhcp;

/// <summary>A configured subnet at run time: parsed once, so the per-packet path does no parsing.</summary>
internal sealed class DhcpSubnet
{
    public required uint Network { get; init; }
    public required uint Mask { get; init; }
    public required string Cidr { get; init; }
    public required IReadOnlyList<DhcpRange> Ranges { get; init; }
    public IPAddress? Router { get; init; }
    public IReadOnlyList<IPAddress> DnsServers { get; init; } = [];
    public string? DomainName { get; init; }
    public required uint LeaseTime { get; init; }
    public required uint RenewalTime { get; init; }
    public required uint RebindingTime { get; init; }

    public IPAddress SubnetMask => Ipv4.ToAddress(Mask);
    public IPAddress Broadcast => Ipv4.ToAddress(Network | ~Mask);

    public bool Contains(uint address) => (address & Mask) == Network;

    public bool InPool(uint address) => Ranges.Any(r => r.Contains(address));

    public static bool TryCreate(DhcpSubnetSettings settings, [NotNullWhen(true)] out DhcpSubnet? subnet, out (string Key, string Message) error)
    {
        subnet = null;
        var parts = settings.Network.Split('/');
        if (parts.Length != 2 || !Ipv4.TryParse(parts[0], out var network) || !int.TryParse(parts[1], out var prefix) || prefix is < 1 or > 30)
            return Fail("Network", $"'{settings.Network}' is not an IPv4 CIDR like 10.0.0.0/24 (prefix 1-30)", out error);
        var mask = uint.MaxValue << (32 - prefix);
        if ((network & ~mask) != 0)
            return Fail("Network", $"'{settings.Network}' has host bits set", out error);
        var ranges = new List<DhcpRange>();
        for (var i = 0; i < settings.Pools.Count; i++)
        {
            var pool = settings.Pools[i];
            if (!Ipv4.TryParse(pool.Start, out var start) || (start & mask) != network)
                return Fail($"Pools:{i}:Start", $"'{pool.Start}' is not an address in {settings.Network}", out error);
            if (!Ipv4.TryParse(pool.End, out var end) || (end & mask) != network)
                return Fail($"Pools:{i}:End", $"'{pool.End}' is not an address in {settings.Network}", out error);
            if (end < start)
                return Fail($"Pools:{i}:End", $"'{pool.End}' is before Start '{pool.Start}'", out error);
            ranges.Add(new DhcpRange(start, end, pool.RegisteredOnly));
        }
        IPAddress? router = null;
        if (!string.IsNullOrEmpty(settings.Router))
        {
            if (!Ipv4.TryParse(settings.Router, out var r))
                return Fail("Router", $"'{settings.Router}' is not an IPv4 address", out error);
            router = Ipv4.ToAddress(r);
        }
        var dns = new List<IPAddress>();
        for (var i = 0; i < settings.DnsServers.Count; i++)
        {
            if (!Ipv4.TryParse(settings.DnsServers[i], out var d))
                return Fail($"DnsServers:{i}", $"'{settings.DnsServers[i]}' is not an IPv4 address", out error);
            dns.Add(Ipv4.ToAddress(d));
        }
        if (settings.LeaseTimeSeconds < 60)
            return Fail("LeaseTimeSeconds", "must be at least 60", out error);
        var lease = (uint)settings.LeaseTimeSeconds;
        var t1 = settings.RenewalTimeSeconds > 0 ? (uint)settings.RenewalTimeSeconds : lease / 2;
        var t2 = settings.RebindingTimeSeconds > 0 ? (uint)settings.RebindingTimeSeconds : lease / 8 * 7;
        if (!(t1 < t2 && t2 < lease))
            return Fail("RenewalTimeSeconds", $"T1 {t1} < T2 {t2} < lease time {lease} must hold (RFC 2131 §4.4.5)", out error);
        subnet = new DhcpSubnet
        {
            Network = network, Mask = mask, Cidr = settings.Network, Ranges = ranges, Router = router, DnsServers = dns,
            DomainName = settings.DomainName, LeaseTime = lease, RenewalTime = t1, RebindingTime = t2,
        };
        error = default;
        return true;
    }

    private static bool Fail(string key, string message, out (string, string) error)
    {
        error = (key, message);
        return false;
    }
}
