namespace PxeXen.Protocol.Pxelinux;

/// <summary>One <c>LABEL</c> of a PXELINUX configuration, as readconfig.c records it.</summary>
public sealed class PxelinuxLabel
{
    public PxelinuxLabel(string name, int ipAppend)
    {
        Name = name;
        Kernel = name; // readconfig.c: the kernel defaults to the label name
        IpAppend = ipAppend;
    }

    /// <summary>First word after LABEL; matched case-sensitively.</summary>
    public string Name { get; }

    /// <summary>The whole KERNEL/LINUX/LOCALBOOT... field: a file name, maybe followed by arguments.</summary>
    public string Kernel { get; set; }

    /// <summary>Type from the directive; null for a plain KERNEL (decided by the file's extension).</summary>
    public PxelinuxEntryType? DeclaredType { get; set; }

    /// <summary>The entry's own APPEND (null = use the global one; "-" = none).</summary>
    public string? Append { get; set; }

    public string? Initrd { get; set; }

    /// <summary>IPAPPEND/SYSAPPEND bits; starts from the global value in force when the LABEL line was read.</summary>
    public int IpAppend { get; set; }

    public bool MenuDefault { get; set; }
    public bool MenuHide { get; set; }
    public bool MenuOnly { get; set; }

    /// <summary>The entry's type: declared, or from the kernel file's extension (ldlinux.c:24-31).</summary>
    public PxelinuxEntryType Type => MenuOnly ? PxelinuxEntryType.MenuOnly : DeclaredType ?? TypeOfFile(FirstWord(Kernel));

    public static PxelinuxEntryType TypeOfFile(string file)
    {
        var dot = file.LastIndexOf('.');
        var extension = dot < 0 ? "" : file[dot..].ToLowerInvariant();
        return extension switch
        {
            ".c32" => PxelinuxEntryType.Com32,
            ".cbt" or ".com" => PxelinuxEntryType.Comboot,
            ".img" => PxelinuxEntryType.FdImage,
            ".bss" => PxelinuxEntryType.Bss,
            ".bin" or ".bs" => PxelinuxEntryType.Boot,
            ".0" => PxelinuxEntryType.Pxe,
            _ => PxelinuxEntryType.Linux,
        };
    }

    internal static string FirstWord(string text)
    {
        var trimmed = text.TrimStart();
        var end = trimmed.IndexOfAny([' ', '\t']);
        return end < 0 ? trimmed : trimmed[..end];
    }
}
