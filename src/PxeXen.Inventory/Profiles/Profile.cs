namespace PxeXen.Inventory.Profiles;

/// <summary>
/// How a group of machines boots. A profile may name a parent and then inherits everything it
/// does not set itself, like Cobbler sub-profiles (see <see cref="ProfileChain"/>).
/// </summary>
public sealed record Profile
{
    public required string Name { get; init; }

    /// <summary>Required on a root profile; a child inherits its parent's when null.</summary>
    public string? Distro { get; init; }

    public string? Parent { get; init; }

    /// <summary>Appended to the parent's; a <c>key=value</c> replaces the parent's <c>key</c>, <c>~key</c> removes it.</summary>
    public string? KernelArgs { get; init; }

    /// <summary>Template name under menus/answers/; null inherits, then falls back to the distro breed's.</summary>
    public string? AnswerTemplate { get; init; }

    /// <summary>Menu template per kind (pxelinux, ipxe, grub, xen): name under menus/&lt;kind&gt;/.</summary>
    public IReadOnlyDictionary<string, string> MenuTemplates { get; init; } = new Dictionary<string, string>();

    public XenDomainSettings? Xen { get; init; }

    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();
}
