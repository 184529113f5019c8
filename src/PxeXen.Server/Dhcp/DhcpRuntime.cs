using System.Net;
using Microsoft.Extensions.Options;

namespace PxeXen.Server.Dhcp;

/// <summary>Settings parsed once at start (subnets, addresses), shared by the responder and the sockets.</summary>
internal sealed class DhcpRuntime
{
    public DhcpSettings Settings { get; }
    public IReadOnlyList<DhcpSubnet> Subnets { get; }
    public IPAddress? ServerAddress { get; }
    public IPAddress? NextServer { get; }

    public DhcpRuntime(IOptions<DhcpSettings> options)
    {
        Settings = options.Value;
        var subnets = new List<DhcpSubnet>();
        foreach (var s in Settings.Subnets)
            if (DhcpSubnet.TryCreate(s, out var subnet, out _))
                subnets.Add(subnet);
        Subnets = subnets;
        ServerAddress = string.IsNullOrEmpty(Settings.ServerAddress) ? null : IPAddress.Parse(Settings.ServerAddress);
        NextServer = string.IsNullOrEmpty(Settings.NextServer) ? null : IPAddress.Parse(Settings.NextServer);
    }

    public DhcpSubnet? SubnetFor(uint address)
    {
        foreach (var subnet in Subnets)
            if (subnet.Contains(address))
                return subnet;
        return null;
    }
}
