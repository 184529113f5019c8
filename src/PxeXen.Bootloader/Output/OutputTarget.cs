using System.Runtime.InteropServices;
using PxeXen.Bootloader.Native;

namespace PxeXen.Bootloader.Output;

/// <summary>
/// The --output file, opened before anything slow (rule 1 of spec §1: xend and libxl 4.1 block in
/// open(O_RDONLY) on a FIFO until a writer appears) and closed on every path, so a reader always
/// sees EOF. The record goes out in one write(2). Absent or "-" means stdout (XAPI).
/// </summary>
internal sealed class OutputTarget : IDisposable
{
    private int _fd;
    private readonly bool _ownsFd;

    private OutputTarget(int fd, bool ownsFd, string description)
    {
        _fd = fd;
        _ownsFd = ownsFd;
        Description = description;
    }

    public string Description { get; }

    public bool Written { get; private set; }

    public static bool TryOpen(string? path, out OutputTarget? target, out string? error)
    {
        target = null;
        error = null;
        if (path is null or "-")
        {
            target = new OutputTarget(1, false, "stdout");
            return true;
        }
        // O_WRONLY like pygrub (the toolstack pre-creates it); O_CREAT only so a hand run works.
        var fd = LibC.Open(path, LibC.OWronly | LibC.OCreat | LibC.OCloexec, Convert.ToInt32("600", 8));
        if (fd < 0)
        {
            error = $"cannot open --output {path}: {LibC.Describe(Marshal.GetLastPInvokeError())}";
            return false;
        }
        target = new OutputTarget(fd, true, path);
        return true;
    }

    /// <summary>Writes the whole record once. A regular file is truncated first (a FIFO refuses that harmlessly).</summary>
    public bool TryWrite(ReadOnlySpan<byte> record, out string? error)
    {
        error = null;
        if (_fd < 0)
        {
            error = "output already closed";
            return false;
        }
        if (_ownsFd)
            _ = LibC.Ftruncate(_fd, 0);
        if (!LibC.WriteAll(_fd, record, out var errno))
        {
            error = $"writing {Description}: {LibC.Describe(errno)}";
            return false;
        }
        Written = true;
        return true;
    }

    public void Dispose()
    {
        if (_ownsFd && _fd >= 0)
            _ = LibC.Close(_fd);
        _fd = -1;
    }
}
