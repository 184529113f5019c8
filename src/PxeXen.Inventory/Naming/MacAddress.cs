namespace PxeXen.Inventory.Naming;

/// <summary>
/// MAC addresses as PxeXen stores and compares them: <c>aa:bb:cc:dd:ee:ff</c>, lower case.
/// Operators paste them from many tools, so input may use '-', '.', no separators or upper case.
/// </summary>
public static class MacAddress
{
    /// <summary>Accepts <c>aa:bb:cc:dd:ee:ff</c>, <c>AA-BB-CC-DD-EE-FF</c>, <c>aabb.ccdd.eeff</c> (Cisco) and <c>aabbccddeeff</c>.</summary>
    public static bool TryNormalize(string? input, out string normalized)
    {
        normalized = "";
        if (input is null)
            return false;
        var text = input.Trim();
        Span<char> hex = stackalloc char[12];
        var count = 0;
        char? separator = null;
        var groupLength = 0;
        var groupLengths = new List<int>(6);
        foreach (var c in text)
        {
            if (c is ':' or '-' or '.')
            {
                if (separator is not null && separator != c)
                    return false;
                separator = c;
                groupLengths.Add(groupLength);
                groupLength = 0;
                continue;
            }
            if (!char.IsAsciiHexDigit(c) || count == 12)
                return false;
            hex[count++] = char.ToLowerInvariant(c);
            groupLength++;
        }
        groupLengths.Add(groupLength);
        if (count != 12)
            return false;
        // Groups must be regular: 6 of 2 (':' or '-'), 3 of 4 ('.'), or one of 12.
        var shapeOk = separator switch
        {
            null => true,
            '.' => groupLengths.Count == 3 && groupLengths.All(g => g == 4),
            _ => groupLengths.Count == 6 && groupLengths.All(g => g == 2),
        };
        if (!shapeOk)
            return false;
        normalized = string.Create(17, hex.ToString(), static (span, h) =>
        {
            for (var i = 0; i < 6; i++)
            {
                span[i * 3] = h[i * 2];
                span[i * 3 + 1] = h[i * 2 + 1];
                if (i < 5)
                    span[i * 3 + 2] = ':';
            }
        });
        return true;
    }

    /// <summary>The PXELINUX file-name form: <c>aa-bb-cc-dd-ee-ff</c>.</summary>
    public static string ToDashed(string normalized) => normalized.Replace(':', '-');
}
