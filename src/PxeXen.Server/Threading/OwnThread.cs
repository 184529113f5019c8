namespace PxeXen.Server.Threading;

/// <summary>
/// Work that runs start to end on a thread of its own with blocking socket calls (a DHCP receive
/// loop, a TFTP transfer), so no packet pays a thread-pool hop. <see cref="Run"/> hands back a task
/// that ends with the thread: the caller owns and awaits it like any other. The number of such
/// threads is bounded by their owners (one per DHCP socket; Tftp:MaxTransfers).
/// </summary>
internal static class OwnThread
{
    // Flat loops over socket calls: a small stack is plenty, and a storm of hundreds of transfers
    // should not reserve 8 MiB of address space each.
    private const int StackSize = 512 * 1024;

    public static Task Run(Action work, string name)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                work();
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }, StackSize)
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return done.Task;
    }

    /// <summary>
    /// The result of <paramref name="pending"/>, waiting for it on the calling thread when it did not
    /// complete at once (an inventory lookup after a change). Only on a thread <see cref="Run"/>
    /// started: blocking it holds up no thread-pool work.
    /// </summary>
    public static T Wait<T>(ValueTask<T> pending) =>
        pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
}
