namespace PxeXen.Boot.Rendering;

/// <summary>A rendered file, or why there is none.</summary>
/// <param name="Template">Which template made it, e.g. <c>pxelinux/netboot</c>.</param>
/// <param name="Local">The machine boots from its disk (netboot off, or not registered).</param>
/// <param name="Missing">The failure means "nothing to serve" (no answer template), not a broken setup.</param>
public sealed record RenderOutcome(string? Text, string? Template, bool Local, string? Error, bool Missing = false)
{
    public bool Succeeded => Text is not null;

    public static RenderOutcome Rendered(string text, string template, bool local) => new(text, template, local, null);
    public static RenderOutcome Failed(string error) => new(null, null, false, error);
    public static RenderOutcome NothingToServe(string error) => new(null, null, false, error, Missing: true);
}
