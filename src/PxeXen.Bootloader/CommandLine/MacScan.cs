namespace PxeXen.Bootloader.CommandLine;

/// <summary>
/// Finds <c>mac=</c> / <c>bridge=</c> in any argv shape (spec §6.2): split each element on ',' and
/// whitespace, take the first piece starting with <c>mac=</c> or <c>--mac=</c> (any case). This
/// survives xend's shlex tokens with trailing commas and whole vif specs in one element.
/// </summary>
internal static class MacScan
{
    public static string? Find(IEnumerable<string> elements, string key)
    {
        foreach (var element in elements)
        {
            foreach (var piece in element.Split([',', ' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var text = piece.StartsWith("--", StringComparison.Ordinal) ? piece[2..] : piece;
                if (text.Length > key.Length && text[key.Length] == '=' && text.StartsWith(key, StringComparison.OrdinalIgnoreCase))
                    return text[(key.Length + 1)..].Trim(',');
            }
        }
        return null;
    }

    /// <summary>Six hex octets separated by ':' or '-', any case; multicast addresses are refused.</summary>
    public static bool TryParseMac(string text, out byte[] mac, out string? error)
    {
        error = null;
        if (!Protocol.Dhcp.MacAddress.TryParse(text.Trim().Trim(','), out mac))
        {
            error = $"MAC '{text}' is not six hex octets separated by ':' or '-' (e.g. 00:16:3e:11:11:11)";
            return false;
        }
        if ((mac[0] & 1) != 0)
        {
            error = $"MAC '{text}' is a multicast address (low bit of the first octet set); a vif needs a unicast MAC";
            return false;
        }
        return true;
    }
}
