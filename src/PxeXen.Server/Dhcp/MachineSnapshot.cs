using PxeXen.Inventory.Machines;
using PxeXen.Inventory.Store;

namespace PxeXen.Server.Dhcp;

/// <summary>
/// The machine directory as DHCP reads it: a MAC → machine map of all registered machines, so a
/// DHCP packet costs a dictionary lookup, never a database query (a flood of random MACs would
/// otherwise be a flood of queries). The map is rebuilt when this server's inventory changed
/// (<see cref="IInventoryStore.Revision"/>: a machine registered or switched to local boot a moment
/// ago is seen by the next packet) and by <see cref="MachineReservations"/> every few seconds, for
/// changes another server wrote to a shared database.
/// </summary>
internal sealed class MachineSnapshot(IServiceProvider services, IMachineDirectory directory) : IMachineDirectory, IDisposable
{
    private readonly IInventoryStore? _store = services.GetService<IInventoryStore>();
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile Snapshot? _current;

    public async ValueTask<Machine?> FindByMacAsync(string mac, CancellationToken cancellationToken)
    {
        if (_store is null)
            return await directory.FindByMacAsync(mac, cancellationToken);
        var current = _current;
        if (current is null || current.Revision != _store.Revision)
            current = await RebuildAsync(cancellationToken);
        return current.ByMac.GetValueOrDefault(mac);
    }

    /// <returns>The registered machines, or null when there is no inventory store to list them.</returns>
    public async Task<IReadOnlyList<Machine>?> RefreshAsync(CancellationToken cancellationToken) =>
        _store is null ? null : (await RebuildAsync(cancellationToken, force: true)).Machines;

    private async Task<Snapshot> RebuildAsync(CancellationToken cancellationToken, bool force = false)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have rebuilt it while this one waited.
            if (!force && _current is { } fresh && fresh.Revision == _store!.Revision)
                return fresh;
            // Read the revision first: a change committed during the listing makes the next packet rebuild again.
            var revision = _store!.Revision;
            var machines = await _store.ListMachinesAsync(new MachineQuery(), cancellationToken);
            var byMac = new Dictionary<string, Machine>(StringComparer.Ordinal);
            foreach (var machine in machines)
                foreach (var mac in machine.Macs)
                    byMac[mac] = machine;
            var snapshot = new Snapshot(revision, machines, byMac);
            _current = snapshot;
            return snapshot;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    public void Dispose() => _refreshing.Dispose();

    private sealed record Snapshot(long Revision, IReadOnlyList<Machine> Machines, Dictionary<string, Machine> ByMac);
}
