namespace PxeXen.Protocol.Pxelinux;

/// <summary>
/// The directory PXELINUX resolves names against (pxe.c:356-406, spec §7.1): option 210 verbatim
/// when given, else the boot file name cut after the last character outside [0-9a-z.-]
/// (case-insensitive), so "_", "/", "\" and ":" all end the scan.
/// </summary>
public static class PxelinuxPathPrefix
{
    public static string From(string? bootFile, string? option210)
    {
        if (option210 is not null)
            return option210;
        if (string.IsNullOrEmpty(bootFile))
            return "";
        var i = bootFile.Length;
        while (i > 0 && IsNameCharacter(bootFile[i - 1]))
            i--;
        return bootFile[..i];
    }

    private static bool IsNameCharacter(char c)
    {
        var lower = char.ToLowerInvariant(c);
        return lower is (>= '0' and <= '9') or (>= 'a' and <= 'z') or '.' or '-';
    }
}
