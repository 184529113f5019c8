using System.Net.Sockets;

namespace PxeXen.Server.Threading;

/// <summary>
/// Moves a transfer's thread to the CPU that receives its client's datagrams (SO_INCOMING_CPU of its
/// connected socket). A lock-step transfer is a ping-pong: the kernel takes the client's ACK on one
/// CPU and wakes the transfer's thread, which sends the next DATA and sleeps. On two CPUs, every block
/// pays a cross-CPU wake-up (an inter-processor interrupt, which costs a VM exit under a hypervisor)
/// and the socket's cache lines travel. The scheduler pairs the two only sometimes: in 10-client
/// storms here 45 % of the wake-ups crossed CPUs, and a pair that started apart stayed apart for the
/// whole transfer (bench/README.md, 2026-12-07).
/// </summary>
/// <remarks>
/// The thread is moved, never pinned: its affinity is narrowed to that one CPU, which moves it, and
/// given back at once, so the scheduler stays free to move it again. No move is made to a CPU that
/// already holds more of these transfers than the one the thread leaves: a network card whose
/// interrupts all land on one CPU does not draw every transfer there. Linux only; elsewhere nothing.
/// </remarks>
/// <param name="transfersOnCpu">Transfers last seen on each CPU (<see cref="ThreadCpu.MaxCpus"/> entries);
/// by default one count for the whole process.</param>
internal sealed class IncomingCpuFollower(Socket socket, int[]? transfersOnCpu = null) : IDisposable
{
    private const int SolSocket = 1, SoIncomingCpu = 49;

    private static readonly int[] s_transfersOnCpu = new int[ThreadCpu.MaxCpus];

    private readonly int[] _onCpu = transfersOnCpu ?? s_transfersOnCpu;
    private int _cpu = -1;
    private bool _off = !OperatingSystem.IsLinux();

    /// <summary>Moves the calling thread to the CPU that received the socket's last datagram, if that is another one.</summary>
    /// <returns>True when the thread was moved.</returns>
    public bool Follow()
    {
        if (_off)
            return false;
        var here = ThreadCpu.Current();
        if (here is < 0 or >= ThreadCpu.MaxCpus)
            return false;
        Track(here);
        var incoming = IncomingCpu();
        if (incoming is < 0 or >= ThreadCpu.MaxCpus || incoming == here)
            return false;
        if (Volatile.Read(ref _onCpu[incoming]) > Volatile.Read(ref _onCpu[here]))
            return false;
        if (!MoveTo(incoming))
            return false;
        Track(incoming);
        return true;
    }

    public void Dispose()
    {
        if (_cpu >= 0)
            Interlocked.Decrement(ref _onCpu[_cpu]);
        _cpu = -1;
    }

    private void Track(int cpu)
    {
        if (cpu == _cpu)
            return;
        if (_cpu >= 0)
            Interlocked.Decrement(ref _onCpu[_cpu]);
        Interlocked.Increment(ref _onCpu[cpu]);
        _cpu = cpu;
    }

    /// <returns>The CPU, or -1: the socket is not connected or has received nothing yet.</returns>
    private int IncomingCpu()
    {
        Span<byte> value = stackalloc byte[sizeof(int)];
        try
        {
            return socket.GetRawSocketOption(SolSocket, SoIncomingCpu, value) == sizeof(int) ? BitConverter.ToInt32(value) : -1;
        }
        catch (SocketException)
        {
            _off = true; // a kernel before 3.19
            return -1;
        }
    }

    private bool MoveTo(int cpu)
    {
        Span<ulong> allowed = stackalloc ulong[ThreadCpu.MaskWords];
        if (!ThreadCpu.TryGetAllowed(allowed))
        {
            _off = true;
            return false;
        }
        if (!ThreadCpu.Contains(allowed, cpu))
            return false; // outside this thread's CPUs (a cpuset): stay
        Span<ulong> only = stackalloc ulong[ThreadCpu.MaskWords];
        ThreadCpu.Add(only, cpu);
        if (!ThreadCpu.TrySetAllowed(only))
        {
            _off = true;
            return false;
        }
        if (!ThreadCpu.TrySetAllowed(allowed))
        {
            // The allowed CPUs changed under the move (a cpuset): every CPU, which the kernel narrows
            // to what is allowed now. Left pinned, the thread would keep this CPU for every transfer
            // it serves after this one.
            only.Fill(ulong.MaxValue);
            ThreadCpu.TrySetAllowed(only);
        }
        return true;
    }
}
