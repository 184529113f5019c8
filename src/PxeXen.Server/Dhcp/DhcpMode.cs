namespace PxeXen.Server.Dhcp;

public enum DhcpMode
{
    /// <summary>No DHCP at all (the embedded default: a new install never answers a real LAN by surprise).</summary>
    Off,

    /// <summary>proxyDHCP (PXE spec §2.2.3): boot options only, beside the site's DHCP server; ports 67 and 4011.</summary>
    Proxy,

    /// <summary>Hands out addresses from the configured subnets and pools.</summary>
    Authoritative,
}
