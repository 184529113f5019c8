namespace PxeXen.Boot.Rendering;

/// <summary>What can be rendered for a machine; the API's <c>/render/{kind}</c> names.</summary>
public enum RenderKind
{
    Pxelinux,
    Ipxe,
    Grub,
    Answer,
    XlCfg,
}

/// <summary>API names and template folders of <see cref="RenderKind"/>.</summary>
public static class RenderKinds
{
    public static bool TryParse(string name, out RenderKind kind)
    {
        switch (name)
        {
            case "pxelinux": kind = RenderKind.Pxelinux; return true;
            case "ipxe": kind = RenderKind.Ipxe; return true;
            case "grub": kind = RenderKind.Grub; return true;
            case "answer": kind = RenderKind.Answer; return true;
            case "xl.cfg" or "xen": kind = RenderKind.XlCfg; return true;
            default: kind = default; return false;
        }
    }

    /// <summary>Folder under menus/ (and the key in a profile's menuTemplates).</summary>
    public static string Folder(RenderKind kind) => kind switch
    {
        RenderKind.Pxelinux => "pxelinux",
        RenderKind.Ipxe => "ipxe",
        RenderKind.Grub => "grub",
        RenderKind.Answer => "answers",
        _ => "xen",
    };

    public static string MenuKey(RenderKind kind) => kind == RenderKind.XlCfg ? "xen" : Folder(kind);
}
