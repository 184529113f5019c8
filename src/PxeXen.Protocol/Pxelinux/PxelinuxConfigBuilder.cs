using System.Globalization;

namespace PxeXen.Protocol.Pxelinux;

/// <summary>
/// Reads PXELINUX configuration lines the way syslinux's readconfig.c does (spec §7.3): keywords
/// are case-insensitive and must be followed by whitespace; unknown keywords (and so <c># comments</c>)
/// are ignored; there are no inline comments; TEXT ... ENDTEXT is swallowed. Pure: INCLUDE is
/// returned to the caller, who fetches the file and feeds its text back in place
/// (<see cref="AddText"/> returns at the first INCLUDE with the rest of the text pending).
/// </summary>
public sealed class PxelinuxConfigBuilder
{
    /// <summary>syslinux reads lines with fgets into a 4096-byte buffer (readconfig.c MAX_LINE).</summary>
    public const int MaxLine = 4096;

    private static readonly (string Keyword, PxelinuxEntryType Type)[] KernelTypes =
    [
        ("kernel", PxelinuxEntryType.Linux), ("linux", PxelinuxEntryType.Linux), ("localboot", PxelinuxEntryType.LocalBoot),
        ("boot", PxelinuxEntryType.Boot), ("bss", PxelinuxEntryType.Bss), ("pxe", PxelinuxEntryType.Pxe),
        ("fdimage", PxelinuxEntryType.FdImage), ("comboot", PxelinuxEntryType.Comboot), ("com32", PxelinuxEntryType.Com32),
        ("config", PxelinuxEntryType.Config),
    ];

    private PxelinuxLabel? _label;
    private bool _inText;

    public PxelinuxConfig Config { get; } = new();

    /// <summary>Splits <paramref name="text"/> into lines (LF or CRLF; a line is cut at its first CR).</summary>
    public static IEnumerable<string> Lines(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var cr = raw.IndexOf('\r');
            yield return cr < 0 ? raw : raw[..cr];
        }
    }

    /// <summary>Applies one line. Returns the file name of an INCLUDE / MENU INCLUDE to read in place, else null.</summary>
    public string? Apply(string line)
    {
        if (line.Length >= MaxLine)
            Config.Warnings.Add($"line of {line.Length} bytes is longer than syslinux's {MaxLine - 1}-byte limit; syslinux would split it");
        var p = line.TrimStart(' ', '\t', '\f', '\v');
        if (_inText)
        {
            if (LookingAt(p, "endtext", out _))
                _inText = false;
            return null;
        }
        if (LookingAt(p, "text", out _))
        {
            _inText = true; // TEXT HELP ... ENDTEXT (readconfig.c:1111-1142)
            return null;
        }
        if (LookingAt(p, "menu", out var menu))
            return ApplyMenu(menu);
        if (LookingAt(p, "label", out var rest))
        {
            _label = new PxelinuxLabel(PxelinuxLabel.FirstWord(rest), Config.GlobalIpAppend);
            Config.Labels.Add(_label);
            return null;
        }
        if (LookingAt(p, "append", out rest))
        {
            if (_label is not null) _label.Append = rest;
            else Config.GlobalAppend = rest;
            return null;
        }
        if (LookingAt(p, "initrd", out rest))
        {
            if (_label is not null) _label.Initrd = rest; // ignored globally (readconfig.c:1172-1179)
            return null;
        }
        if (LookingAt(p, "ipappend", out rest) || LookingAt(p, "sysappend", out rest))
        {
            var bits = (int)Number(rest, "IPAPPEND");
            if (_label is not null) _label.IpAppend = bits;
            else Config.GlobalIpAppend = bits;
            return null;
        }
        foreach (var (keyword, type) in KernelTypes)
        {
            if (!LookingAt(p, keyword, out rest))
                continue;
            if (_label is not null)
            {
                _label.Kernel = rest;
                // KERNEL decides by the file's extension; LINUX and the others name the type.
                _label.DeclaredType = keyword == "kernel" ? null : type;
            }
            return null;
        }
        if (LookingAt(p, "default", out rest)) Config.Default = rest;
        else if (LookingAt(p, "ui", out rest)) Config.Ui = rest;
        else if (LookingAt(p, "ontimeout", out rest)) Config.OnTimeout = rest;
        else if (LookingAt(p, "onerror", out rest)) Config.OnError = rest;
        else if (LookingAt(p, "prompt", out rest)) Config.Prompt = Number(rest, "PROMPT");
        else if (LookingAt(p, "timeout", out rest)) Config.Timeout = Number(rest, "TIMEOUT");
        else if (LookingAt(p, "totaltimeout", out rest)) Config.TotalTimeout = Number(rest, "TOTALTIMEOUT");
        else if (LookingAt(p, "implicit", out rest)) Config.Implicit = Number(rest, "IMPLICIT");
        else if (LookingAt(p, "include", out rest)) return IncludeName(rest);
        return null;
    }

    /// <summary>Applies every line of <paramref name="text"/> in order, calling <paramref name="include"/> for INCLUDEs.</summary>
    public void AddText(string text, Func<string, string?> include, int depth = 0)
    {
        foreach (var line in Lines(text))
        {
            var file = Apply(line);
            if (file is null)
                continue;
            if (depth >= 16)
            {
                Config.Warnings.Add($"INCLUDE {file} ignored: nesting deeper than 16 (syslinux.txt)");
                continue;
            }
            if (include(file) is { } included)
                AddText(included, include, depth + 1);
        }
    }

    private string? ApplyMenu(string menu)
    {
        if (LookingAt(menu, "include", out var rest))
            return IncludeName(rest); // MENU INCLUDE file [title]
        if (_label is null)
            return null;
        if (LookingAt(menu, "default", out _)) // last MENU DEFAULT wins (readconfig.c:447-448)
        {
            foreach (var other in Config.Labels)
                other.MenuDefault = false;
            _label.MenuDefault = true;
        }
        else if (LookingAt(menu, "hide", out _)) _label.MenuHide = true;
        else if (LookingAt(menu, "separator", out _) || LookingAt(menu, "disable", out _) || LookingAt(menu, "goto", out _)
                 || LookingAt(menu, "exit", out _) || LookingAt(menu, "quit", out _))
            _label.MenuOnly = true;
        return null;
    }

    private static string? IncludeName(string rest)
    {
        var name = PxelinuxLabel.FirstWord(rest);
        return name.Length == 0 ? null : name;
    }

    /// <summary>looking_at (readconfig.c:174-188): the keyword, case-insensitively, then whitespace or end of line.</summary>
    private static bool LookingAt(string line, string keyword, out string rest)
    {
        rest = "";
        if (line.Length < keyword.Length || !line.AsSpan(0, keyword.Length).Equals(keyword, StringComparison.OrdinalIgnoreCase))
            return false;
        if (line.Length > keyword.Length && !char.IsWhiteSpace(line[keyword.Length]))
            return false;
        rest = line[keyword.Length..].Trim();
        return true;
    }

    /// <summary>strtoul(s, 0): decimal, 0x hex, leading-0 octal; garbage reads as 0 with a warning.</summary>
    private long Number(string text, string keyword)
    {
        var word = PxelinuxLabel.FirstWord(text);
        try
        {
            if (word.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && word.Length > 2)
                return long.Parse(word.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (word.Length > 1 && word[0] == '0' && word.All(c => c is >= '0' and <= '7'))
                return Convert.ToInt64(word, 8);
            if (word.Length > 0 && word.All(char.IsAsciiDigit))
                return long.Parse(word, CultureInfo.InvariantCulture);
        }
        catch (OverflowException)
        {
        }
        Config.Warnings.Add($"{keyword} '{text}' is not a number; read as 0");
        return 0;
    }
}
