using PxeXen.Inventory.Machines;

namespace PxeXen.Server.Dhcp;

/// <summary>Used only when no inventory is registered: every MAC is unknown (the unknown-MAC policy applies).</summary>
internal sealed class NoMachineDirectory : IMachineDirectory
{
    public ValueTask<Machine?> FindByMacAsync(string mac, CancellationToken cancellationToken) => ValueTask.FromResult<Machine?>(null);
}
