namespace PxeXen.Inventory.Profiles;

/// <summary>domU settings for xl.cfg; each null value is inherited from the parent profile.</summary>
public sealed record XenDomainSettings
{
    public int? MemoryMiB { get; init; }
    public int? Vcpus { get; init; }
    public int? DiskGiB { get; init; }

    /// <summary>xl disk spec; may use template variables, e.g. <c>phy:/dev/vg0/{{machine.name}},xvda,w</c>.</summary>
    public string? Disk { get; init; }

    public string? Bridge { get; init; }

    /// <summary>pv or pvh.</summary>
    public string? Type { get; init; }

    /// <summary>This profile's values over <paramref name="parent"/>'s.</summary>
    public XenDomainSettings Over(XenDomainSettings? parent) => parent is null ? this : new XenDomainSettings
    {
        MemoryMiB = MemoryMiB ?? parent.MemoryMiB,
        Vcpus = Vcpus ?? parent.Vcpus,
        DiskGiB = DiskGiB ?? parent.DiskGiB,
        Disk = Disk ?? parent.Disk,
        Bridge = Bridge ?? parent.Bridge,
        Type = Type ?? parent.Type,
    };
}
