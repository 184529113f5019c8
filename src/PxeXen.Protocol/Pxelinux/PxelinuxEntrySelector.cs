namespace PxeXen.Protocol.Pxelinux;

/// <summary>
/// Picks what an unattended PXELINUX would boot (spec §7.5) and assembles its command line (§7.6):
/// <c>--label</c> first; menu mode (UI, or DEFAULT menu.c32/vesamenu.c32) runs ONTIMEOUT or the
/// default entry; CLI mode runs ONTIMEOUT only after a shown, timed prompt, else DEFAULT.
/// </summary>
public static class PxelinuxEntrySelector
{
    public static bool TrySelect(PxelinuxConfig config, string? label, SysAppendValues sysAppend, bool fallbackFirstLabel,
        out PxelinuxBootCommand command, out string reason)
    {
        command = new PxelinuxBootCommand(PxelinuxEntryType.Linux, "", "", null);
        string? commandLine;
        if (!string.IsNullOrWhiteSpace(label))
            commandLine = label;
        else if (IsMenuMode(config))
        {
            commandLine = config.OnTimeout;
            if (string.IsNullOrWhiteSpace(commandLine))
            {
                var entry = MenuDefaultEntry(config);
                if (entry is null)
                {
                    reason = "menu configuration has no bootable entry";
                    return false;
                }
                commandLine = entry.Name;
            }
        }
        else if (config.Prompt != 0 && config.Timeout > 0 && !string.IsNullOrWhiteSpace(config.OnTimeout))
            commandLine = config.OnTimeout;
        else if (!string.IsNullOrWhiteSpace(config.Default))
            commandLine = config.Default;
        else if (fallbackFirstLabel && config.Labels.FirstOrDefault(l => l.Type != PxelinuxEntryType.MenuOnly) is { } first)
            commandLine = first.Name;
        else
        {
            reason = "No DEFAULT or UI configuration directive found!";
            return false;
        }
        return TryResolve(config, commandLine!, sysAppend, out command, out reason);
    }

    /// <summary>load_kernel (ldlinux.c:145-241): a label's command line plus the extra words, or an implicit kernel.</summary>
    public static bool TryResolve(PxelinuxConfig config, string commandLine, SysAppendValues sysAppend,
        out PxelinuxBootCommand command, out string reason)
    {
        command = new PxelinuxBootCommand(PxelinuxEntryType.Linux, "", "", null);
        var trimmed = commandLine.Trim();
        var word = PxelinuxLabel.FirstWord(trimmed);
        var extra = trimmed[word.Length..].Trim();
        if (word.Length == 0)
        {
            reason = "empty boot command line";
            return false;
        }
        var entry = config.FindLabel(word);
        if (entry is not null)
        {
            var full = Record(config, entry, sysAppend);
            if (extra.Length > 0)
                full += " " + extra;
            var file = PxelinuxLabel.FirstWord(full);
            command = new PxelinuxBootCommand(entry.Type, file, full[file.Length..].Trim(), entry.Name);
        }
        else if (config.Implicit != 0)
            command = new PxelinuxBootCommand(PxelinuxLabel.TypeOfFile(word), word, extra, null);
        else
        {
            reason = $"'{word}' is not a label and IMPLICIT 0 forbids booting a bare kernel name";
            return false;
        }
        reason = "";
        return true;
    }

    /// <summary>record (readconfig.c:399-431): KERNEL field, APPEND (entry's or global, "-" = none), " initrd=", sysappend strings.</summary>
    private static string Record(PxelinuxConfig config, PxelinuxLabel entry, SysAppendValues sysAppend)
    {
        var parts = new List<string> { entry.Kernel.Trim() };
        var append = entry.Append ?? config.GlobalAppend;
        if (!string.IsNullOrWhiteSpace(append) && append.Trim() != "-")
            parts.Add(append.Trim());
        if (!string.IsNullOrWhiteSpace(entry.Initrd))
            parts.Add("initrd=" + entry.Initrd.Trim());
        parts.AddRange(sysAppend.For(entry.IpAppend));
        return string.Join(' ', parts);
    }

    private static bool IsMenuMode(PxelinuxConfig config)
    {
        if (!string.IsNullOrWhiteSpace(config.Ui))
            return true;
        return config.Default is { } d && IsMenuModule(PxelinuxLabel.FirstWord(d));
    }

    private static bool IsMenuModule(string file)
    {
        var slash = Math.Max(file.LastIndexOf('/'), file.LastIndexOf(':'));
        var name = file[(slash + 1)..].ToLowerInvariant();
        return name is "menu.c32" or "vesamenu.c32";
    }

    /// <summary>DEFAULT's label if it exists and is not hidden, else MENU DEFAULT, else the first entry (menu.txt:184-191).</summary>
    private static PxelinuxLabel? MenuDefaultEntry(PxelinuxConfig config)
    {
        var visible = config.Labels.Where(l => !l.MenuHide && l.Type != PxelinuxEntryType.MenuOnly).ToList();
        if (config.Default is { } d && !IsMenuModule(PxelinuxLabel.FirstWord(d))
            && config.FindLabel(PxelinuxLabel.FirstWord(d)) is { MenuHide: false } named && named.Type != PxelinuxEntryType.MenuOnly)
            return named;
        return visible.LastOrDefault(l => l.MenuDefault) ?? visible.FirstOrDefault();
    }
}
