namespace PxeXen.Protocol.Pxelinux;

/// <summary>
/// The command line syslinux would run for the chosen entry, resolved to what the helper needs:
/// the entry type, the kernel file, the arguments after it, and the label (if it came from one).
/// </summary>
public sealed record PxelinuxBootCommand(PxelinuxEntryType Type, string KernelFile, string Arguments, string? Label)
{
    /// <summary>Everything after the kernel file, with <c>initrd=</c> tokens removed unless kept (spec §7.6).</summary>
    public string KernelArguments(bool keepInitrdArgument = false)
    {
        var words = Arguments.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', keepInitrdArgument ? words : words.Where(w => !w.StartsWith("initrd=", StringComparison.Ordinal)));
    }

    /// <summary>
    /// The ramdisk files: the first <c>initrd=</c> substring of "BOOT_IMAGE=k args" (kernel.c:67-113,
    /// strstr, so it also fires inside <c>rd.initrd=</c>), its value up to whitespace, split on ','.
    /// Returns false with a reason when the value is empty.
    /// </summary>
    public bool TryGetInitrds(out IReadOnlyList<string> files, out string? warning, out string? error)
    {
        files = [];
        warning = null;
        error = null;
        var haystack = $"BOOT_IMAGE={KernelFile} {Arguments}";
        var at = haystack.IndexOf("initrd=", StringComparison.Ordinal);
        if (at < 0)
            return true;
        if (at > 0 && !char.IsWhiteSpace(haystack[at - 1]))
            warning = $"'initrd=' found inside a longer word at '{haystack[Math.Max(0, haystack.LastIndexOf(' ', at) + 1)..]}'; syslinux takes it as the ramdisk too";
        var start = at + "initrd=".Length;
        var end = start;
        while (end < haystack.Length && !char.IsWhiteSpace(haystack[end]))
            end++;
        var list = haystack[start..end].Split(',').Where(f => f.Length > 0).ToArray();
        if (list.Length == 0)
        {
            error = "initrd= has an empty value";
            return false;
        }
        files = list;
        return true;
    }
}
