namespace PxeXen.Boot.Dhcp;

/// <summary>The answer for one booting client, with the reasoning that led to it.</summary>
/// <param name="BootFile">File name for the <c>file</c> field, or a URL (iPXE script, UEFI HTTP), or null.</param>
/// <param name="Profile">The profile that will be rendered for it, when known.</param>
/// <param name="VendorClass">Option 60 to send back (PXEClient / HTTPClient), or null.</param>
public sealed record BootDecision(
    BootAction Action,
    string? BootFile,
    string? Profile,
    bool Registered,
    string? VendorClass,
    IReadOnlyList<BootDecisionStep> Steps);
