namespace PxeXen.Server.Http;

/// <summary>
/// Files under Service:BootImages for HTTP: the root is a jail (no '..', no absolute path, no
/// symlink that leads out), '\' is read as '/' (some firmware sends it).
/// </summary>
public sealed class BootImageFiles(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    /// <returns>The full path of an existing regular file inside the root, or null.</returns>
    public string? Resolve(string requestPath)
    {
        var parts = requestPath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts.Any(p => p is ".." or "." || p.Contains('\0')))
            return null;
        var path = Path.GetFullPath(Path.Combine([Root, .. parts]));
        if (!IsInside(path))
            return null;
        var info = new FileInfo(path);
        if (!info.Exists)
            return null;
        // A symlink (at any level) may point anywhere: judge where it really leads.
        var real = RealPath(path);
        return real is not null && IsInside(real) ? path : null;
    }

    private bool IsInside(string path) =>
        path.StartsWith(Root.EndsWith('/') ? Root : Root + "/", StringComparison.Ordinal);

    private static string? RealPath(string path)
    {
        var current = new DirectoryInfo(Path.GetPathRoot(path)!).FullName;
        foreach (var part in path[current.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true);
                if (target is null)
                    return null;
                current = target.FullName;
            }
        }
        return current;
    }
}
