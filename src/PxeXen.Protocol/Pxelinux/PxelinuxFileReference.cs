namespace PxeXen.Protocol.Pxelinux;

/// <summary>
/// Where a file name from the configuration lives (url_type, urlparse.c:40-57; spec §7.4):
/// a plain name is prefix + name (even "/abs"); "::name" and "host::name" skip the prefix;
/// "tftp://host/path" names server and path; http(s) URLs are fetched over HTTP.
/// </summary>
public sealed record PxelinuxFileReference(string Scheme, string? Host, int? Port, string Path)
{
    /// <summary>Null Host means "the boot server" (siaddr).</summary>
    public bool IsDefaultServer => Host is null;

    public bool IsHttp => Scheme is "http" or "https";

    /// <summary>The URL for HTTP(S) references.</summary>
    public string Url => $"{Scheme}://{Host}{(Port is null ? "" : ":" + Port)}/{Path}";

    public static bool TryParse(string name, string prefix, out PxelinuxFileReference reference, out string reason)
    {
        reference = new PxelinuxFileReference("tftp", null, null, "");
        // Names end at the first whitespace (pxe_mangle_name, pxe.c:136-144).
        name = PxelinuxLabel.FirstWord(name);
        if (name.Length == 0)
        {
            reason = "empty file name";
            return false;
        }
        var colon = name.IndexOf(':');
        if (colon >= 0 && colon + 1 < name.Length && name[colon + 1] == ':')
        {
            var host = name[..colon];
            reference = new PxelinuxFileReference("tftp", host.Length == 0 ? null : host, null, name[(colon + 2)..]);
            reason = "";
            return true;
        }
        if (colon > 0 && name.AsSpan(colon).StartsWith("://"))
        {
            var scheme = name[..colon].ToLowerInvariant();
            if (scheme is not ("tftp" or "http" or "https"))
            {
                reason = $"'{name}': scheme {scheme} is not supported (tftp, http, https)";
                return false;
            }
            var rest = name[(colon + 3)..];
            var slash = rest.IndexOf('/');
            var authority = slash < 0 ? rest : rest[..slash];
            var path = slash < 0 ? "" : rest[(slash + 1)..];
            int? port = null;
            var portColon = authority.LastIndexOf(':');
            if (portColon > 0 && !authority.EndsWith(']'))
            {
                if (!int.TryParse(authority.AsSpan(portColon + 1), out var p) || p is <= 0 or > 65535)
                {
                    reason = $"'{name}': port '{authority[(portColon + 1)..]}' is not a number from 1 to 65535";
                    return false;
                }
                port = p;
                authority = authority[..portColon];
            }
            if (authority.Length == 0)
            {
                reason = $"'{name}': no host";
                return false;
            }
            reference = new PxelinuxFileReference(scheme, authority, port, path);
            reason = "";
            return true;
        }
        reference = new PxelinuxFileReference("tftp", null, null, prefix + name);
        reason = "";
        return true;
    }
}
