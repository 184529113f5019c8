using Microsoft.Win32.SafeHandles;

namespace PxeXen.Server.Tftp;

/// <summary>
/// The served directory as a jail, and the files open under it. A file is opened first and checked
/// after, through the descriptor's own path (/proc/self/fd), so a symlink swapped in between cannot
/// lead outside. Open files are shared: a boot storm of 100 clients on one initrd holds one descriptor
/// and reads the same page-cache pages.
/// </summary>
public sealed class TftpRoot
{
    private readonly Dictionary<string, TftpSharedFile> _open = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public TftpRoot(string directory)
    {
        var full = Path.GetFullPath(directory);
        RealPath = Resolve(full) ?? full;
        Prefix = RealPath.EndsWith('/') ? RealPath : RealPath + "/";
    }

    /// <summary>The root with every symlink resolved.</summary>
    public string RealPath { get; }

    private string Prefix { get; }

    /// <param name="path">Normalised by <see cref="TftpPath.TryNormalize"/>.</param>
    /// <returns>The open file (release it when done), or null with the reason for the client.</returns>
    public TftpSharedFile? TryOpen(string path, out Protocol.Tftp.TftpErrorCode code, out string reason)
    {
        var full = Path.Combine(RealPath, path);
        lock (_lock)
        {
            if (_open.TryGetValue(full, out var shared))
            {
                shared.AddReference();
                code = default;
                reason = "";
                return shared;
            }
        }

        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            code = Protocol.Tftp.TftpErrorCode.FileNotFound;
            reason = "file not found";
            return null;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            code = Protocol.Tftp.TftpErrorCode.AccessViolation;
            reason = "access violation";
            return null;
        }

        var real = DescriptorPath(handle) ?? Resolve(full);
        if (real is null || !real.StartsWith(Prefix, StringComparison.Ordinal))
        {
            handle.Dispose();
            code = Protocol.Tftp.TftpErrorCode.AccessViolation;
            reason = "access violation";
            return null;
        }

        var file = new TftpSharedFile(this, full, handle, RandomAccess.GetLength(handle));
        lock (_lock)
        {
            // Another transfer may have opened it meanwhile: keep one descriptor per file.
            if (_open.TryGetValue(full, out var other))
            {
                other.AddReference();
                handle.Dispose();
                file = other;
            }
            else
            {
                _open.Add(full, file);
            }
        }
        code = default;
        reason = "";
        return file;
    }

    /// <summary>Open descriptors right now (tests and metrics).</summary>
    public int OpenFiles { get { lock (_lock) return _open.Count; } }

    internal void Release(TftpSharedFile file)
    {
        lock (_lock)
        {
            if (!file.RemoveReference())
                return;
            _open.Remove(file.FullPath);
        }
        file.Handle.Dispose();
    }

    private static string? DescriptorPath(SafeFileHandle handle)
    {
        if (!OperatingSystem.IsLinux())
            return null;
        try
        {
            return new FileInfo($"/proc/self/fd/{handle.DangerousGetHandle()}").LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>realpath(3) in managed code: every symlink on the way resolved, or null past 40 hops.</summary>
    private static string? Resolve(string path, int depth = 0)
    {
        if (depth > 40)
            return null;
        var current = "/";
        foreach (var part in Path.GetFullPath(path).Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(current, part);
            var target = new FileInfo(candidate).LinkTarget;
            if (target is null)
            {
                current = candidate;
                continue;
            }
            var resolved = Resolve(Path.IsPathRooted(target) ? target : Path.Combine(current, target), depth + 1);
            if (resolved is null)
                return null;
            current = resolved;
        }
        return current;
    }
}
