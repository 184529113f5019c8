namespace PxeXen.Protocol.Pxelinux;

/// <summary>A parsed PXELINUX configuration (all files read through INCLUDE merged in place).</summary>
public sealed class PxelinuxConfig
{
    public List<PxelinuxLabel> Labels { get; } = [];

    /// <summary>DEFAULT's whole command line, or null.</summary>
    public string? Default { get; set; }

    /// <summary>UI's module and arguments, or null.</summary>
    public string? Ui { get; set; }

    public string? OnTimeout { get; set; }
    public string? OnError { get; set; }
    public long Prompt { get; set; }
    public long Timeout { get; set; }
    public long TotalTimeout { get; set; }

    /// <summary>IMPLICIT: when 0, only labels may be booted (no bare kernel names).</summary>
    public long Implicit { get; set; } = 1;

    /// <summary>APPEND read before the first LABEL.</summary>
    public string? GlobalAppend { get; set; }

    /// <summary>IPAPPEND read before the first LABEL (applies to labels defined after it).</summary>
    public int GlobalIpAppend { get; set; }

    /// <summary>Lines that were accepted but look suspicious (over-long lines, bad numbers...).</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>find_label (readconfig.c:485-504): exact and case-sensitive; the first definition wins.</summary>
    public PxelinuxLabel? FindLabel(string name)
    {
        PxelinuxLabel? found = null;
        foreach (var label in Labels)
            if (string.Equals(label.Name, name, StringComparison.Ordinal))
                found ??= label;
        return found;
    }
}
