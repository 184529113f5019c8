using System.Text;

namespace PxeXen.Server.Tftp;

/// <summary>
/// Turns a requested file name into a path under the root, or refuses it. Lexical only (the disk check
/// for symlinks is <see cref="TftpRoot"/>'s). Leading '/' is dropped (PXE ROMs and tftp-hpa clients
/// send "/pxelinux.0" meaning the root, as tftpd-hpa -s does); '\' is a separator (Windows-built menus);
/// '%' is not decoded (TFTP names are not URLs), so "%2e%2e" is a literal, harmless name.
/// </summary>
public static class TftpPath
{
    /// <returns>True with '/'-separated segments and no leading '/', or false with why.</returns>
    public static bool TryNormalize(string requested, int maxLength, out string path, out string? reason)
    {
        path = "";
        if (requested.Length == 0)
        {
            reason = "empty file name";
            return false;
        }
        if (Encoding.UTF8.GetByteCount(requested) > maxLength)
        {
            reason = $"file name longer than {maxLength} bytes";
            return false;
        }
        foreach (var c in requested)
        {
            // Control characters (NUL included) and U+FFFD (invalid UTF-8 on the wire) name no boot file.
            if (char.IsControl(c) || c == '\uFFFD')
            {
                reason = $"file name contains character U+{(int)c:X4}";
                return false;
            }
        }
        var builder = new StringBuilder(requested.Length);
        foreach (var segment in requested.Replace('\\', '/').Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
                continue;
            if (segment == "..")
            {
                reason = "file name climbs out with '..'";
                return false;
            }
            if (builder.Length > 0)
                builder.Append('/');
            builder.Append(segment);
        }
        if (builder.Length == 0)
        {
            reason = "file name names the root directory";
            return false;
        }
        path = builder.ToString();
        reason = null;
        return true;
    }
}
