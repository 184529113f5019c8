using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PxeXen.Server.Tftp;

/// <summary>
/// The per-block calls of one transfer (receive an ACK, send DATA), made on its socket (connected to
/// the client) straight through libc on Linux. Socket's own calls spent about 0.5 µs a call in checks
/// and context look-ups before the system call: 7 % of a lock-step transfer's server CPU, which left
/// ours above atftpd's per block (bench/README.md, 2026-12-06). Everything else (bind, connect,
/// options, timeouts, close) stays with <see cref="Socket"/>, and errors surface as the same
/// <see cref="SocketException"/> codes that Socket gives.
/// </summary>
internal sealed partial class TransferSocket(Socket socket)
{
    private const int MsgTrunc = 0x20; // report a datagram's real length, so an oversized one is seen
    private const int EIntr = 4, EAgain = 11, EInval = 22, EMsgSize = 90, EConnReset = 104, EConnRefused = 111;
    private const int SocketAddressBytes = 28; // sockaddr_in6, the larger of the two families

    private readonly SafeHandle _handle = socket.SafeHandle;

    /// <summary>The socket itself, for everything but the per-block calls.</summary>
    public Socket Socket => socket;

    /// <summary>Receives the next datagram from the connected peer into <paramref name="buffer"/>.</summary>
    /// <exception cref="SocketException">TimedOut (the socket's receive timeout), MessageSize (larger than the buffer),
    /// OperationAborted (closed under the call), ConnectionRefused (ICMP port unreachable: the peer's port is closed).</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per block, as the exchange that calls it
    public int Receive(Span<byte> buffer)
    {
        if (!OperatingSystem.IsLinux())
            return socket.Receive(buffer);
        using var inUse = new HandleInUse(_handle);
        // The sender is known (the socket is connected); its length still tells a datagram from a shutdown.
        Span<byte> from = stackalloc byte[SocketAddressBytes];
        while (true)
        {
            var length = (uint)from.Length;
            var n = RecvFrom(inUse.Fd, buffer, (nuint)buffer.Length, MsgTrunc, from, ref length);
            // An empty read with no sender is the socket shut down under the call (closed
            // elsewhere): Socket reports that as OperationAborted, and so does this.
            if (n == 0 && length == 0)
                throw new SocketException((int)SocketError.OperationAborted);
            if (n >= 0)
            {
                if (n > buffer.Length)
                    throw new SocketException((int)SocketError.MessageSize);
                return (int)n;
            }
            var errno = Marshal.GetLastSystemError();
            if (errno != EIntr)
                throw Error(errno);
        }
    }

    /// <summary>Sends one datagram (or, with UDP_SEGMENT set, a run of them) to the connected peer.</summary>
    /// <exception cref="SocketException">ConnectionRefused (ICMP port unreachable), or what the kernel refuses.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Send(ReadOnlySpan<byte> packet)
    {
        if (!OperatingSystem.IsLinux())
        {
            socket.Send(packet);
            return;
        }
        using var inUse = new HandleInUse(_handle);
        // No address: the connected route is cached on the socket, so no lookup per send.
        while (SendTo(inUse.Fd, packet, (nuint)packet.Length, 0, default, 0) < 0)
        {
            var errno = Marshal.GetLastSystemError();
            if (errno != EIntr)
                throw Error(errno);
        }
    }

    // The codes the callers act on, as Socket reports them; the rest as a generic socket error.
    private static SocketException Error(int errno) => new((int)(errno switch
    {
        EAgain => SocketError.TimedOut,
        EConnRefused => SocketError.ConnectionRefused,
        EConnReset => SocketError.ConnectionReset,
        EMsgSize => SocketError.MessageSize,
        EInval => SocketError.InvalidArgument,
        _ => SocketError.SocketError,
    }));

    /// <summary>
    /// A reference on the socket's handle for one call: closing the socket elsewhere (the service
    /// stopping) unblocks the call and waits for the release, so the descriptor is never reused under it.
    /// </summary>
    private readonly ref struct HandleInUse
    {
        private readonly SafeHandle _handle;
        private readonly bool _added;

        public HandleInUse(SafeHandle handle)
        {
            _handle = handle;
            handle.DangerousAddRef(ref _added);
            Fd = handle.DangerousGetHandle();
        }

        public nint Fd { get; }

        public void Dispose()
        {
            if (_added)
                _handle.DangerousRelease();
        }
    }

    // No SetLastError: that clears errno before every call and reads it after every call, two more
    // native calls per block; both calls report failure by returning -1, and errno is read right
    // after the call returns (Marshal.GetLastSystemError), which is how the generated code reads it.
    [LibraryImport("libc", EntryPoint = "recvfrom")]
    private static partial nint RecvFrom(nint fd, Span<byte> buffer, nuint length, int flags, Span<byte> address, ref uint addressLength);

    [LibraryImport("libc", EntryPoint = "sendto")]
    private static partial nint SendTo(nint fd, ReadOnlySpan<byte> buffer, nuint length, int flags, ReadOnlySpan<byte> address, uint addressLength);
}
