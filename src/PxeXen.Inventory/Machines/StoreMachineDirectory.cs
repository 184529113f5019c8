using PxeXen.Inventory.Store;

namespace PxeXen.Inventory.Machines;

/// <summary><see cref="IMachineDirectory"/> answered by the inventory store.</summary>
public sealed class StoreMachineDirectory(IInventoryStore store) : IMachineDirectory
{
    public async ValueTask<Machine?> FindByMacAsync(string mac, CancellationToken cancellationToken) =>
        await store.FindMachineByMacAsync(mac, cancellationToken);
}
