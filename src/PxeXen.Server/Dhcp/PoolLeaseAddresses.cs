using System.Net;
using PxeXen.Inventory.Machines;

namespace PxeXen.Server.Dhcp;

/// <summary>
/// <see cref="ILeaseAddresses"/> for renders and PXELINUX hex-IP names, answered from the lease
/// pool in memory (the same truth the DHCP server answers with, no database round trip).
/// </summary>
internal sealed class PoolLeaseAddresses(LeasePool pool, TimeProvider clock) : ILeaseAddresses
{
    public ValueTask<string?> FindMacAsync(IPAddress ip, CancellationToken cancellationToken)
    {
        var mac = pool.HolderOf(Ipv4.ToUInt32(ip), clock.GetUtcNow());
        return ValueTask.FromResult(string.IsNullOrEmpty(mac) ? null : mac);
    }

    public ValueTask<IPAddress?> FindAddressAsync(string mac, CancellationToken cancellationToken) =>
        ValueTask.FromResult(pool.BoundAddressOf(mac, clock.GetUtcNow()) is { } a ? Ipv4.ToAddress(a) : null);
}
