using PxeXen.Inventory.Machines;
using PxeXen.Inventory.Store;

namespace PxeXen.Server.Dhcp;

/// <summary>
/// The machine directory as DHCP reads it: a MAC → machine map of all registered machines,
/// refreshed with the reservations, so a DHCP packet costs a dictionary lookup instead of a
/// database query (a flood of unknown MACs would otherwise be a flood of queries). A MAC not in
/// the snapshot is asked of the directory itself at most once per refresh, so a machine registered
/// a moment ago is found at once.
/// </summary>
internal sealed class MachineSnapshot(IServiceProvider services, IMachineDirectory directory) : IMachineDirectory
{
    private volatile Dictionary<string, Machine>? _byMac;
    private volatile HashSet<string> _missed = [];

    public async ValueTask<Machine?> FindByMacAsync(string mac, CancellationToken cancellationToken)
    {
        var byMac = _byMac;
        if (byMac is null)
            return await directory.FindByMacAsync(mac, cancellationToken);
        if (byMac.TryGetValue(mac, out var machine))
            return machine;
        var missed = _missed;
        lock (missed)
            if (!missed.Add(mac))
                return null;
        var found = await directory.FindByMacAsync(mac, cancellationToken);
        if (found is not null)
            lock (missed)
                missed.Remove(mac); // registered since the last refresh: keep asking until it is in the snapshot
        return found;
    }

    /// <returns>The registered machines, or null when there is no inventory store to list them.</returns>
    public async Task<IReadOnlyList<Machine>?> RefreshAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<IInventoryStore>() is not { } store)
            return null;
        var machines = await store.ListMachinesAsync(new MachineQuery(), cancellationToken);
        var byMac = new Dictionary<string, Machine>(StringComparer.Ordinal);
        foreach (var machine in machines)
            foreach (var mac in machine.Macs)
                byMac[mac] = machine;
        _byMac = byMac;
        _missed = [];
        return machines;
    }
}
