using PxeXen.Inventory.Distros;
using PxeXen.Protocol.Kernel;

namespace PxeXen.Boot.Kernels;

/// <summary>
/// Reads a distro's kernel from the boot images and asks PxeXen.Protocol's
/// <see cref="XenKernelInspector"/> whether Xen can boot it PV or PVH (xen-bootloader-spec.md §10).
/// </summary>
public sealed class DistroKernelInspector(TimeProvider time)
{
    /// <summary>Larger than any kernel; a bigger file is not one (and is not read into memory).</summary>
    public const long MaxKernelBytes = 256L * 1024 * 1024;

    /// <returns>The verdict, or null when the kernel file is not there (yet) to be inspected.</returns>
    public XenCapability? Inspect(string bootImagesDirectory, Distro distro)
    {
        var path = Path.Combine(bootImagesDirectory, distro.Kernel);
        var info = new FileInfo(path);
        if (!info.Exists)
            return null;
        var now = time.GetUtcNow();
        if (info.Length > MaxKernelBytes)
            return new XenCapability(false, false, now, "unknown", $"{info.Length} bytes is larger than any kernel", Decided: true);
        var bytes = File.ReadAllBytes(path);
        if (!XenKernelInspector.TryInspect(bytes, out var verdict, out var reason))
            return new XenCapability(false, false, now, "unknown", reason, Decided: true);
        return new XenCapability(verdict.IsPv, verdict.IsPvh, now, verdict.Format, verdict.Reason, Decided: verdict.NotesInspected);
    }
}
