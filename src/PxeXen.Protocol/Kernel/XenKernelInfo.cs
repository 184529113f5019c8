namespace PxeXen.Protocol.Kernel;

/// <summary>
/// What <see cref="XenKernelInspector"/> learned about a kernel image (xen-bootloader-spec §10.6).
/// <see cref="IsPv"/> means libxc's PV domain builder would accept it; <see cref="IsPvh"/> that it
/// carries a PVH entry point. When <see cref="NotesInspected"/> is false the payload could not be
/// decompressed here (an LZO bzImage, or a corrupt payload), so neither verdict is known: read <see cref="Reason"/>.
/// </summary>
public sealed record XenKernelInfo
{
    /// <summary>"elf", "gzip-elf", "bzImage(gzip)", "bzImage(xz)"...</summary>
    public required string Format { get; init; }

    /// <summary>Whole-file compression (libxc gunzips a gzip-wrapped kernel first).</summary>
    public KernelCompression FileCompression { get; init; }

    /// <summary>bzImage payload compression; None for a plain ELF.</summary>
    public KernelCompression PayloadCompression { get; init; }

    /// <summary>"x86_64", "x86_32", or "elf-machine-N" for anything else; null when not inspected.</summary>
    public string? Architecture { get; init; }

    /// <summary>True when the ELF image (possibly after decompression) was examined.</summary>
    public bool NotesInspected { get; init; }

    public bool IsPv { get; init; }
    public bool IsPvh { get; init; }

    /// <summary>True when the kernel only had the legacy <c>__xen_guest</c> section, not ELF notes.</summary>
    public bool LegacyXenGuestSection { get; init; }

    public string? GuestOs { get; init; }
    public string? XenVersion { get; init; }
    public string? Loader { get; init; }
    public string? Features { get; init; }

    /// <summary>Why the kernel is not PV-capable (or why that could not be decided); null when <see cref="IsPv"/>.</summary>
    public string? Reason { get; init; }

    /// <summary>One line for logs and the pre-flight message.</summary>
    public override string ToString() =>
        $"{Format} {Architecture ?? "?"} pv={(NotesInspected ? IsPv ? "yes" : "no" : "unknown")} pvh={(NotesInspected ? IsPvh ? "yes" : "no" : "unknown")}"
        + (Reason is null ? "" : $" ({Reason})");
}
