using System.Net;

namespace PxeXen.Inventory.Machines;

/// <summary>No DHCP leases known (proxyDHCP, or DHCP not running): only fixed IPs resolve.</summary>
public sealed class NoLeaseAddresses : ILeaseAddresses
{
    public ValueTask<string?> FindMacAsync(IPAddress ip, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);
    public ValueTask<IPAddress?> FindAddressAsync(string mac, CancellationToken cancellationToken) => ValueTask.FromResult<IPAddress?>(null);
}
