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

    // The DHCP socket (UdpDhcpTransport): created and used for the first DISCOVER without
    // System.Net.Sockets, whose first SafeSocketHandle starts the runtime's epoll thread.
    public const int AfInet = 2;
    public const int SockDgram = 2;
    public const int SockCloexec = 0x80000;
    public const int IpprotoUdp = 17;
    public const int SolSocket = 1;
    public const int SoReuseaddr = 2;
    public const int SoBroadcast = 6;
    public const int SoReuseport = 15;
    public const int SoBindtodevice = 25;

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int Setsockopt(int fd, int level, int name, ReadOnlySpan<byte> value, uint length);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(int fd, ReadOnlySpan<byte> address, uint length);

    [LibraryImport("libc", EntryPoint = "sendto", SetLastError = true)]
    public static partial nint Sendto(int fd, ReadOnlySpan<byte> buffer, nuint length, int flags, ReadOnlySpan<byte> address, uint addressLength);

    /// <summary>struct sockaddr_in: family (host order), port and address (network order), 8 zero bytes.</summary>
    public static byte[] SockaddrIn(ReadOnlySpan<byte> address, int port)
    {
        var sockaddr = new byte[16];
        BitConverter.TryWriteBytes(sockaddr.AsSpan(0, 2), (ushort)AfInet);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(sockaddr.AsSpan(2), (ushort)port);
        address.CopyTo(sockaddr.AsSpan(4));
        return sockaddr;
    }

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
