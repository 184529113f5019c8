namespace PxeXen.Inventory.Profiles;

/// <summary>A profile with everything it inherits filled in.</summary>
/// <param name="Chain">Profile names from the root to this one.</param>
/// <param name="KernelArgs">The profiles' kernel arguments merged (without the distro's).</param>
public sealed record ResolvedProfile(
    string Name,
    IReadOnlyList<string> Chain,
    string Distro,
    string KernelArgs,
    string? AnswerTemplate,
    IReadOnlyDictionary<string, string> MenuTemplates,
    XenDomainSettings Xen,
    IReadOnlyDictionary<string, string> Variables);
