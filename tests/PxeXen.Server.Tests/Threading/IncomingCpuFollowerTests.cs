using System.Net;
using System.Net.Sockets;
using PxeXen.Server.Threading;

namespace PxeXen.Server.Tests.Threading;

/// <summary>
/// Real threads on real CPUs: a client on one CPU sends over loopback (the kernel takes the datagram
/// on the sender's CPU), the transfer's side receives on another, then follows. Each side runs on a
/// thread of its own, so no pool thread's affinity is touched.
/// </summary>
public sealed class IncomingCpuFollowerTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact(Timeout = 20_000)]
    public async Task Follow_MovesTheThreadToTheCpuThatReceived_AndGivesBackItsCpus()
    {
        var (clientCpu, transferCpu) = TwoCpus();
        var outcome = await Exchange(clientCpu, transferCpu, counts: new int[ThreadCpu.MaxCpus]);
        Assert.True(outcome.Moved);
        Assert.Equal(clientCpu, outcome.CpuAfter);
        Assert.Equal(outcome.AllowedBefore, outcome.AllowedAfter);
    }

    [Fact(Timeout = 20_000)]
    public async Task Follow_StaysPut_WhenTheDatagramCameInOnItsOwnCpu()
    {
        var (cpu, _) = TwoCpus();
        var outcome = await Exchange(cpu, cpu, counts: new int[ThreadCpu.MaxCpus]);
        Assert.False(outcome.Moved);
        Assert.Equal(outcome.AllowedBefore, outcome.AllowedAfter);
    }

    [Fact(Timeout = 20_000)]
    public async Task Follow_DoesNotCrowd_ACpuThatHoldsMoreTransfersThanItsOwn()
    {
        // Two other transfers were last seen on the client's CPU, none but this one on its own.
        var (clientCpu, transferCpu) = TwoCpus();
        var counts = new int[ThreadCpu.MaxCpus];
        counts[clientCpu] = 2;
        var outcome = await Exchange(clientCpu, transferCpu, counts);
        Assert.False(outcome.Moved);
        Assert.Equal(2, counts[clientCpu]);
        Assert.Equal(0, counts[transferCpu]); // released when the transfer ended
    }

    [Fact(Timeout = 20_000)]
    public void Follow_BeforeAnythingWasReceived_DoesNothing()
    {
        using var client = Loopback();
        using var transfer = Loopback();
        transfer.Connect(client.LocalEndPoint!);
        using var follower = new IncomingCpuFollower(transfer, new int[ThreadCpu.MaxCpus]);
        Assert.False(follower.Follow());
    }

    private sealed record Outcome(bool Moved, int CpuAfter, ulong[] AllowedBefore, ulong[] AllowedAfter);

    /// <summary>Two CPUs this process may use; skips the test where there is only one (or no Linux).</summary>
    private static (int First, int Second) TwoCpus()
    {
        if (!OperatingSystem.IsLinux())
            Assert.Skip("CPU affinity and SO_INCOMING_CPU are Linux's");
        var allowed = new ulong[ThreadCpu.MaskWords];
        Assert.True(ThreadCpu.TryGetAllowed(allowed));
        var cpus = Enumerable.Range(0, ThreadCpu.MaxCpus).Where(c => ThreadCpu.Contains(allowed, c)).Take(2).ToArray();
        if (cpus.Length < 2)
            Assert.Skip("this machine lets the tests use one CPU only");
        return (cpus[0], cpus[1]);
    }

    /// <summary>
    /// The client sends one datagram from <paramref name="clientCpu"/>; the transfer's side receives
    /// it on <paramref name="transferCpu"/>, is given back all its CPUs, and follows.
    /// </summary>
    private static async Task<Outcome> Exchange(int clientCpu, int transferCpu, int[] counts)
    {
        using var client = Loopback();
        using var transfer = Loopback();
        transfer.Connect(client.LocalEndPoint!);
        using var received = new ManualResetEventSlim();

        var transferSide = OnThread(() =>
        {
            var allowed = new ulong[ThreadCpu.MaskWords];
            Assert.True(ThreadCpu.TryGetAllowed(allowed));
            Pin(transferCpu);
            received.Set();
            transfer.Receive(new byte[16]);
            Assert.True(ThreadCpu.TrySetAllowed(allowed));
            bool moved;
            using (var follower = new IncomingCpuFollower(transfer, counts))
                moved = follower.Follow();
            var cpuAfter = ThreadCpu.Current();
            var allowedAfter = new ulong[ThreadCpu.MaskWords];
            Assert.True(ThreadCpu.TryGetAllowed(allowedAfter));
            return new Outcome(moved, cpuAfter, allowed, allowedAfter);
        });
        var clientSide = OnThread(() =>
        {
            received.Wait(Bound);
            Pin(clientCpu);
            client.SendTo([0, 4, 0, 1], transfer.LocalEndPoint!);
            return true;
        });
        await clientSide.WaitAsync(Bound, TestContext.Current.CancellationToken);
        return await transferSide.WaitAsync(Bound, TestContext.Current.CancellationToken);
    }

    private static void Pin(int cpu)
    {
        var only = new ulong[ThreadCpu.MaskWords];
        ThreadCpu.Add(only, cpu);
        Assert.True(ThreadCpu.TrySetAllowed(only));
        Assert.Equal(cpu, ThreadCpu.Current());
    }

    // A thread of its own, which ends with the test: its affinity dies with it.
    private static Task<T> OnThread<T>(Func<T> body)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() =>
        {
            try
            {
                done.SetResult(body());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }) { IsBackground = true }.Start();
        return done.Task;
    }

    private static Socket Loopback()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }
}
