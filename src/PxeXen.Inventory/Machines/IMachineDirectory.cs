namespace PxeXen.Inventory.Machines;

/// <summary>The lookup every boot path starts with: which machine owns this MAC.</summary>
public interface IMachineDirectory
{
    /// <param name="mac">Normalised MAC, <c>aa:bb:cc:dd:ee:ff</c>.</param>
    /// <returns>The machine, or null when the MAC is not registered.</returns>
    ValueTask<Machine?> FindByMacAsync(string mac, CancellationToken cancellationToken);
}
