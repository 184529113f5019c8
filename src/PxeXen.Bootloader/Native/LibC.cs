using System.Runtime.InteropServices;

namespace PxeXen.Bootloader.Native;

/// <summary>
/// The few libc calls the helper needs that .NET does not expose the way the toolstack requires:
/// a plain open(2) of --output (a FIFO is not seekable and must not be locked), one write(2), and
/// the privilege drop of restricted mode. Source-generated, so Native AOT keeps them.
/// </summary>
internal static partial class LibC
{
    public const int OWronly = 0x1;
    public const int OCreat = 0x40;
    public const int OExcl = 0x80;
    public const int OCloexec = 0x80000;
    public const int EIntr = 4;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, ReadOnlySpan<byte> buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
    public static partial int Ftruncate(int fd, long length);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint Geteuid();

    [LibraryImport("libc", EntryPoint = "getuid")]
    public static partial uint Getuid();

    [LibraryImport("libc", EntryPoint = "setuid", SetLastError = true)]
    public static partial int Setuid(uint uid);

    [LibraryImport("libc", EntryPoint = "setgid", SetLastError = true)]
    public static partial int Setgid(uint gid);

    [LibraryImport("libc", EntryPoint = "setgroups", SetLastError = true)]
    public static partial int Setgroups(nint size, nint list);

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    public static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    public const int PrSetNoNewPrivs = 38;

    /// <summary>Writes all of <paramref name="data"/>, retrying short writes and EINTR; false on error.</summary>
    public static bool WriteAll(int fd, ReadOnlySpan<byte> data, out int errno)
    {
        errno = 0;
        while (!data.IsEmpty)
        {
            var written = Write(fd, data, data.Length);
            if (written < 0)
            {
                errno = Marshal.GetLastPInvokeError();
                if (errno == EIntr)
                    continue;
                return false;
            }
            data = data[(int)written..];
        }
        return true;
    }

    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
