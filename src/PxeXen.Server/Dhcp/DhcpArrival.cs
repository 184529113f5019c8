using System.Net;

namespace PxeXen.Server.Dhcp;

/// <summary>Where a request came in: the interface's own address and the port (67 or the PXE port 4011).</summary>
internal readonly record struct DhcpArrival(string Interface, IPAddress LocalAddress, int LocalPort, IPEndPoint Source)
{
    public bool OnProxyPort { get; init; }
}
