using System.Net;

namespace PxeXen.Inventory.Machines;

/// <summary>
/// Dynamic addresses handed out by DHCP, for machines without a fixed IP: renders need the
/// machine's address, and PXELINUX's hex-IP file names need the machine behind an address.
/// The lease store implements it; <see cref="NoLeaseAddresses"/> when there is none.
/// </summary>
public interface ILeaseAddresses
{
    /// <returns>The MAC currently holding <paramref name="ip"/>, or null.</returns>
    ValueTask<string?> FindMacAsync(IPAddress ip, CancellationToken cancellationToken);

    /// <returns>The address currently leased to <paramref name="mac"/>, or null.</returns>
    ValueTask<IPAddress?> FindAddressAsync(string mac, CancellationToken cancellationToken);
}
