namespace PxeXen.Server.Threading;

/// <summary>
/// Work that runs start to end on a thread of its own with blocking socket calls (a DHCP receive
/// loop, a TFTP transfer), so no packet pays a thread-pool hop. <see cref="Run"/> hands back a task
/// that ends with the work: the caller owns and awaits it like any other. The number of such
/// threads is bounded by their owners (one per DHCP socket; Tftp:MaxTransfers).
/// </summary>
/// <remarks>
/// A thread that finishes its work parks for 30 seconds and takes the next work
/// handed to <see cref="Run"/> instead of a new thread being started. Starting a thread costs a
/// few hundred microseconds (the runtime's set-up, and the starter waits for it); a short TFTP
/// transfer of a 10 MiB file at blksize 65464 lasts about 20 ms, and RRQ->OACK took 1.3 ms against
/// atftpd's 0.5 ms; in a boot storm the listener paid it once per client before reading the next request.
/// </remarks>
internal static class OwnThread
{
    private static readonly ParkedThreads s_threads = new(TimeSpan.FromSeconds(30));

    public static Task Run(Action work, string name) => s_threads.Run(work, name);

    /// <summary>
    /// The result of <paramref name="pending"/>, waiting for it on the calling thread when it did not
    /// complete at once (an inventory lookup after a change). Only on a thread <see cref="Run"/>
    /// started: blocking it holds up no thread-pool work.
    /// </summary>
    public static T Wait<T>(ValueTask<T> pending) =>
        pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
}

/// <summary>The threads behind <see cref="OwnThread"/>: started on demand, parked when done.</summary>
/// <param name="idleLifetime">How long a finished thread waits for more work before it ends.</param>
internal sealed class ParkedThreads(TimeSpan idleLifetime)
{
    // Flat loops over socket calls: a small stack is plenty, and a storm of hundreds of transfers
    // should not reserve 8 MiB of address space each.
    private const int StackSize = 512 * 1024;

    private readonly TimeSpan _idleLifetime = idleLifetime;
    private readonly Lock _lock = new();
    // Parked threads, the most recently parked last: it is taken first (its stack is still in cache).
    private readonly List<Worker> _parked = [];

    /// <summary>Threads parked right now.</summary>
    public int Parked { get { lock (_lock) return _parked.Count; } }

    public Task Run(Action work, string name)
    {
        var item = new WorkItem(work, name, ExecutionContext.Capture());
        Worker? parked = null;
        lock (_lock)
        {
            if (_parked.Count > 0)
            {
                parked = _parked[^1];
                _parked.RemoveAt(_parked.Count - 1);
            }
        }
        if (parked is not null)
            parked.Hand(item);
        else
            new Worker(this, item).Start();
        return item.Done.Task;
    }

    private void Park(Worker worker)
    {
        lock (_lock)
            _parked.Add(worker);
    }

    /// <returns>True when <paramref name="worker"/> was still parked (nobody took it) and may end.</returns>
    private bool Retire(Worker worker)
    {
        lock (_lock)
            return _parked.Remove(worker);
    }

    private sealed class WorkItem(Action work, string name, ExecutionContext? context)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Execute()
        {
            try
            {
                Thread.CurrentThread.Name = name;
                // The caller's execution context (logging scopes, activities), as a new thread would have.
                if (context is null)
                    work();
                else
                    ExecutionContext.Run(context, static w => ((Action)w!)(), work);
                Done.SetResult();
            }
            catch (Exception e)
            {
                Done.SetException(e);
            }
        }
    }

    private sealed class Worker : IDisposable
    {
        private readonly ParkedThreads _owner;
        private readonly Thread _thread;
        private readonly SemaphoreSlim _handed = new(0, 1);
        private WorkItem _next;

        public Worker(ParkedThreads owner, WorkItem first)
        {
            _owner = owner;
            _next = first;
            _thread = new Thread(Loop, StackSize) { IsBackground = true };
        }

        public void Start()
        {
            // Start captures the starter's context for the thread's life: flow none, since each work
            // item runs in its own caller's context and the thread outlives the first one.
            using (ExecutionContext.SuppressFlow())
                _thread.Start();
        }

        /// <summary>Gives a parked worker its next work (the caller took it off the parked list).</summary>
        public void Hand(WorkItem item)
        {
            _next = item;
            _handed.Release();
        }

        public void Dispose() => _handed.Dispose();

        private void Loop()
        {
            while (true)
            {
                var item = _next;
                _next = null!;
                item.Execute();

                _owner.Park(this);
                if (!_handed.Wait(_owner._idleLifetime))
                {
                    if (_owner.Retire(this))
                    {
                        Dispose(); // nobody took it: the thread ends
                        return;
                    }
                    // Run took this worker between the timeout and Retire: its work is on the way.
                    _handed.Wait();
                }
            }
        }
    }
}
