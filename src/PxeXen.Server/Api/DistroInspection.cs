using Microsoft.Extensions.Options;
using PxeXen.Boot.Kernels;
using PxeXen.Inventory.Distros;
using PxeXen.Server.Settings;

namespace PxeXen.Server.Api;

/// <summary>
/// Inspects a distro's kernel when it is added or replaced, so a non-Xen kernel in a Xen profile
/// is caught before a domU fails to boot (xen-bootloader-spec.md §10). A kernel not yet copied
/// into the boot images leaves <c>xen</c> null (not inspected).
/// </summary>
public sealed class DistroInspection(DistroKernelInspector inspector, IOptions<ServiceSettings> service, ILogger<DistroInspection> logger)
{
    public Distro Inspect(Distro distro)
    {
        var xen = inspector.Inspect(service.Value.BootImages, distro);
        if (xen is null)
            ApiLog.KernelMissing(logger, distro.Name, Path.GetFullPath(Path.Combine(service.Value.BootImages, distro.Kernel)));
        else
            ApiLog.KernelInspected(logger, distro.Name, xen.Format ?? "?", xen.Decided ? xen.Pv.ToString() : "unknown", xen.Decided ? xen.Pvh.ToString() : "unknown", xen.Reason ?? "");
        return distro with { Xen = xen };
    }
}
