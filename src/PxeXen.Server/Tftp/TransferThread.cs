namespace PxeXen.Server.Tftp;

/// <summary>
/// Runs one transfer, start to end, on a thread of its own and hands back a task that ends with it,
/// so the listener owns and awaits it like any other transfer. The thread count is bounded by
/// Tftp:MaxTransfers (the listener refuses requests over it).
/// </summary>
internal static class TransferThread
{
    // The exchange is a flat loop over socket calls: a small stack is plenty, and a storm of hundreds
    // of transfers should not reserve 8 MiB of address space each.
    private const int StackSize = 512 * 1024;

    public static Task Run(Action exchange, string name)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                exchange();
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
}
