using PxeXen.Inventory.Distros;
using PxeXen.Inventory.Validation;

namespace PxeXen.Server.Api.Documents;

/// <summary>A distro as the API reads and writes it (docs/api.md).</summary>
public sealed class DistroDocument
{
    public string? Name { get; set; }
    public string? Kernel { get; set; }
    public List<string>? Initrds { get; set; }
    public string? Arch { get; set; }
    public string? Breed { get; set; }
    public string? KernelArgs { get; set; }

    /// <summary>Output only: what inspecting the kernel found. Ignored on input.</summary>
    public XenCapabilityDocument? Xen { get; set; }

    public static DistroDocument From(Distro distro) => new()
    {
        Name = distro.Name,
        Kernel = distro.Kernel,
        Initrds = [.. distro.Initrds],
        Arch = distro.Arch,
        Breed = distro.Breed,
        KernelArgs = distro.KernelArgs,
        Xen = distro.Xen is { } xen ? new XenCapabilityDocument
        {
            Pv = xen.Pv, Pvh = xen.Pvh, CheckedAt = xen.CheckedAt, Format = xen.Format, Reason = xen.Reason, Decided = xen.Decided,
        } : null,
    };

    public ValidationFailure? ToDistro(string? pathName, out Distro distro)
    {
        distro = new Distro
        {
            Name = Name ?? pathName ?? "",
            Kernel = Kernel ?? "",
            Initrds = Initrds ?? [],
            Arch = Arch ?? "x86_64",
            Breed = Breed ?? DistroBreed.Generic,
            KernelArgs = KernelArgs ?? "",
        };
        if (Initrds is not null && Initrds.Any(i => i is null))
            return new ValidationFailure($"initrds[{Initrds.FindIndex(i => i is null)}]", "must be a path, not null");
        return ApiNames.CheckPathName(Name, pathName) ?? InventoryRules.Normalize(distro, out distro);
    }
}
