using System.Text;

namespace PxeXen.Protocol.Dhcp;

/// <summary>
/// Option 77. RFC 3004 wants length-prefixed instances, but iPXE (<c>"iPXE"</c>), dhclient and the
/// Xen helper (<c>"XenPV"</c>) send one bare string; both forms are read.
/// </summary>
public static class UserClass
{
    public static IReadOnlyList<string> Parse(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
            return [];
        if (IsRfc3004(data))
        {
            var classes = new List<string>(2);
            for (var i = 0; i < data.Length; i += 1 + data[i])
                classes.Add(Encoding.Latin1.GetString(data.Slice(i + 1, data[i])));
            return classes;
        }
        var nul = data.IndexOf((byte)0);
        return [Encoding.Latin1.GetString(nul >= 0 ? data[..nul] : data)];
    }

    /// <summary>RFC 3004 form: non-empty instances whose lengths tile the data exactly.</summary>
    private static bool IsRfc3004(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length)
        {
            var length = data[i];
            if (length == 0 || i + 1 + length > data.Length)
                return false;
            i += 1 + length;
        }
        return true;
    }

    /// <summary>RFC 3004 encoding of several classes.</summary>
    public static byte[] EncodeRfc3004(IEnumerable<string> classes)
    {
        var bytes = new List<byte>();
        foreach (var c in classes)
        {
            var b = Encoding.Latin1.GetBytes(c);
            if (b.Length is 0 or > 255)
                throw new ArgumentException($"user class '{c}' must be 1-255 bytes", nameof(classes));
            bytes.Add((byte)b.Length);
            bytes.AddRange(b);
        }
        return [.. bytes];
    }

    /// <summary>The bare-string form iPXE and the Xen helper send.</summary>
    public static byte[] EncodeBare(string value) => Encoding.Latin1.GetBytes(value);
}
