using System.Net;
using PxeXen.Inventory.Store;

namespace PxeXen.Server.Dhcp;

/// <summary>Fixed IPs of the registered machines, from the inventory store when one is registered.</summary>
internal sealed class InventoryReservedAddresses(IServiceProvider services) : IReservedAddressSource
{
    public async ValueTask<IReadOnlyCollection<IPAddress>> ListAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<IInventoryStore>() is not { } store)
            return [];
        var machines = await store.ListMachinesAsync(new MachineQuery(), cancellationToken);
        return machines.Where(m => m.Ip is not null).Select(m => m.Ip!).ToList();
    }
}
