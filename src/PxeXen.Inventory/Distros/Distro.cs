namespace PxeXen.Inventory.Distros;

/// <summary>An installable operating system: a kernel and its initrds under Service:BootImages.</summary>
public sealed record Distro
{
    public required string Name { get; init; }

    /// <summary>Kernel path relative to the boot images directory.</summary>
    public required string Kernel { get; init; }

    public IReadOnlyList<string> Initrds { get; init; } = [];
    public string Arch { get; init; } = "x86_64";

    /// <summary>One of <see cref="DistroBreed"/>; picks the default answer file.</summary>
    public string Breed { get; init; } = DistroBreed.Generic;

    public string KernelArgs { get; init; } = "";

    /// <summary>What inspecting the kernel found; null when it was not inspected (file missing).</summary>
    public XenCapability? Xen { get; init; }
}
