using System.Net;

namespace PxeXen.Protocol.Pxelinux;

/// <summary>
/// The configuration file names PXELINUX tries, in order (pxe_open_config, pxe.c:443-493; spec §7.2):
/// option 209 (prefixed), UUID, 01-MAC, the client IP in hex shortened one digit at a time, default.
/// </summary>
public static class PxelinuxConfigSearch
{
    public static IReadOnlyList<string> Names(string prefix, string? option209, string? uuid, byte hardwareType,
        ReadOnlySpan<byte> mac, IPAddress? clientAddress)
    {
        var names = new List<string>();
        if (!string.IsNullOrEmpty(option209))
            names.Add(prefix + option209);
        if (uuid is not null && IsUsableUuid(uuid))
            names.Add(prefix + "pxelinux.cfg/" + uuid.ToLowerInvariant());
        names.Add(prefix + "pxelinux.cfg/" + BootIf(hardwareType, mac));
        if (clientAddress is not null && clientAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            var hex = Convert.ToHexString(clientAddress.GetAddressBytes()); // uppercase, 8 digits
            for (var length = 8; length >= 1; length--)
                names.Add(prefix + "pxelinux.cfg/" + hex[..length]);
        }
        names.Add(prefix + "pxelinux.cfg/default");
        return names;
    }

    /// <summary>make_bootif_string (pxe.c:498-511): hwtype and MAC as lowercase hex joined by '-'.</summary>
    public static string BootIf(byte hardwareType, ReadOnlySpan<byte> mac)
    {
        var parts = new List<string> { hardwareType.ToString("x2") };
        foreach (var b in mac)
            parts.Add(b.ToString("x2"));
        return string.Join('-', parts);
    }

    /// <summary>
    /// sysappend.c:76-108 ignores a UUID unless byte 6 (the version nibble's byte) is 0x10..0xEF;
    /// the text must be the 8-4-4-4-12 form.
    /// </summary>
    public static bool IsUsableUuid(string uuid)
    {
        if (!Guid.TryParseExact(uuid, "D", out _))
            return false;
        var hex = uuid.Replace("-", "", StringComparison.Ordinal);
        var byte6 = Convert.ToByte(hex.Substring(12, 2), 16);
        return byte6 is >= 0x10 and <= 0xEF;
    }
}
