namespace PxeXen.Server.Api.Documents;

/// <summary>The result of inspecting a distro's kernel (xen-bootloader-spec.md §10).</summary>
public sealed class XenCapabilityDocument
{
    public bool Pv { get; set; }
    public bool Pvh { get; set; }
    public DateTimeOffset CheckedAt { get; set; }
    public string? Format { get; set; }
    public string? Reason { get; set; }

    /// <summary>False when the kernel could not be read far enough to decide (pv/pvh then unknown).</summary>
    public bool Decided { get; set; } = true;
}
