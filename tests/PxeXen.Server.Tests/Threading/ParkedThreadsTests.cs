using PxeXen.Server.Threading;

namespace PxeXen.Server.Tests.Threading;

public sealed class ParkedThreadsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_finished_thread_takes_the_next_work_instead_of_a_new_one()
    {
        var threads = new ParkedThreads(TimeSpan.FromMinutes(1));
        var first = 0;
        await threads.Run(() => first = Environment.CurrentManagedThreadId, "first").WaitAsync(Bound, TestContext.Current.CancellationToken);
        await WaitUntil(() => threads.Parked == 1);

        var second = 0;
        await threads.Run(() => second = Environment.CurrentManagedThreadId, "second").WaitAsync(Bound, TestContext.Current.CancellationToken);

        Assert.Equal(first, second);
        Assert.NotEqual(Environment.CurrentManagedThreadId, second);
    }

    [Fact]
    public async Task Work_that_overlaps_gets_threads_of_its_own()
    {
        var threads = new ParkedThreads(TimeSpan.FromMinutes(1));
        using var release = new ManualResetEventSlim();
        var ids = new int[3];
        var running = Enumerable.Range(0, 3)
            .Select(i => threads.Run(() => { ids[i] = Environment.CurrentManagedThreadId; release.Wait(Bound); }, $"w{i}"))
            .ToArray();
        await WaitUntil(() => ids.All(id => id != 0));
        release.Set();
        await Task.WhenAll(running).WaitAsync(Bound, TestContext.Current.CancellationToken);

        Assert.Equal(3, ids.Distinct().Count());
        await WaitUntil(() => threads.Parked == 3);
    }

    [Fact]
    public async Task An_idle_thread_ends_after_its_lifetime()
    {
        var threads = new ParkedThreads(TimeSpan.FromMilliseconds(100));
        Thread? worker = null;
        await threads.Run(() => worker = Thread.CurrentThread, "short").WaitAsync(Bound, TestContext.Current.CancellationToken);

        await WaitUntil(() => !worker!.IsAlive);
        Assert.Equal(0, threads.Parked);
        // And a new thread serves the next work.
        var ran = false;
        await threads.Run(() => ran = true, "after").WaitAsync(Bound, TestContext.Current.CancellationToken);
        Assert.True(ran);
    }

    [Fact]
    public async Task The_work_sees_the_callers_async_locals_and_its_exception_reaches_the_task()
    {
        var threads = new ParkedThreads(TimeSpan.FromMinutes(1));
        var local = new AsyncLocal<string>();
        local.Value = "first caller";
        string? seen = null;
        await threads.Run(() => seen = local.Value, "a").WaitAsync(Bound, TestContext.Current.CancellationToken);
        Assert.Equal("first caller", seen);

        // The same parked thread, another caller's context: nothing left over from the first.
        local.Value = null!;
        await threads.Run(() => seen = local.Value, "b").WaitAsync(Bound, TestContext.Current.CancellationToken);
        Assert.Null(seen);

        var failing = threads.Run(() => throw new InvalidOperationException("boom"), "c");
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => failing.WaitAsync(Bound, TestContext.Current.CancellationToken));
        Assert.Equal("boom", e.Message);
        // The thread survives its work's exception and parks again.
        await WaitUntil(() => threads.Parked == 1);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }
}
