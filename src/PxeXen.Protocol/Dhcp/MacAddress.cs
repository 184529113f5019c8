namespace PxeXen.Protocol.Dhcp;

/// <summary>MACs in the form used everywhere in PxeXen: lower-case hex pairs joined by colons.</summary>
public static class MacAddress
{
    public static string Format(ReadOnlySpan<byte> address)
    {
        if (address.IsEmpty)
            return "";
        return string.Create(address.Length * 3 - 1, address.ToArray(), static (chars, bytes) =>
        {
            const string hex = "0123456789abcdef";
            for (var i = 0; i < bytes.Length; i++)
            {
                if (i > 0)
                    chars[i * 3 - 1] = ':';
                chars[i * 3] = hex[bytes[i] >> 4];
                chars[i * 3 + 1] = hex[bytes[i] & 0xf];
            }
        });
    }

    /// <summary>Parses <c>aa:bb:cc:dd:ee:ff</c> or <c>aa-bb-...</c> (any case) into 6 bytes.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out byte[] address)
    {
        address = new byte[6];
        if (text.Length != 17)
            return false;
        for (var i = 0; i < 6; i++)
        {
            if (i > 0 && text[i * 3 - 1] is not (':' or '-'))
                return false;
            if (!byte.TryParse(text.Slice(i * 3, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out address[i]))
                return false;
        }
        return true;
    }

    /// <summary>The normalised form of a MAC typed by a person, or null when it is not a MAC.</summary>
    public static string? Normalise(string text) => TryParse(text, out var bytes) ? Format(bytes) : null;
}
