using Microsoft.Win32.SafeHandles;

namespace PxeXen.Server.Tftp;

/// <summary>One open file under the root, shared by every transfer reading it (positional reads only).</summary>
public sealed class TftpSharedFile : IDisposable
{
    private readonly TftpRoot _root;
    private int _references = 1;

    internal TftpSharedFile(TftpRoot root, string fullPath, SafeFileHandle handle, long length)
    {
        _root = root;
        FullPath = fullPath;
        Handle = handle;
        Length = length;
    }

    public string FullPath { get; }
    public SafeFileHandle Handle { get; }

    /// <summary>The size when first opened: what tsize announces and what is sent.</summary>
    public long Length { get; }

    /// <summary>Releases this transfer's reference; the last one closes the descriptor.</summary>
    public void Dispose() => _root.Release(this);

    internal void AddReference() => _references++;

    /// <returns>True when this was the last reference.</returns>
    internal bool RemoveReference() => --_references == 0;
}
