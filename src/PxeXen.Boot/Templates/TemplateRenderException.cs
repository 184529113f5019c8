namespace PxeXen.Boot.Templates;

/// <summary>A template that does not parse or refers to something the render context lacks.</summary>
/// <param name="template">Path under the menus directory, e.g. <c>pxelinux/netboot.scriban</c>.</param>
/// <param name="line">1-based line, 0 when unknown.</param>
public sealed class TemplateRenderException(string template, int line, string reason)
    : Exception(line > 0 ? $"template {template} line {line}: {reason}" : $"template {template}: {reason}")
{
    public string Template { get; } = template;
    public int Line { get; } = line;
    public string Reason { get; } = reason;
}
