using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using PxeXen.Inventory.Leases;

namespace PxeXen.Server.Dhcp;

/// <summary>
/// Group commit: lease changes queue up while the previous transaction is being written, then go
/// to the store together (one transaction, one fsync); their ACKs are sent only after it commits.
/// Under load the batches grow by themselves; with one client a batch is one change.
/// </summary>
internal sealed class LeaseCommitQueue(ILeaseStore store, LeasePool pool, DhcpRuntime runtime, TimeProvider clock, ILogger<LeaseCommitQueue> logger)
{
    private readonly Channel<PendingCommit> _queue = Channel.CreateBounded<PendingCommit>(
        new BoundedChannelOptions(65536) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Called for each finished batch (tests observe the grouping through it).</summary>
    public Action<int>? Committed { get; set; }

    /// <summary>
    /// Queues a change from a receive thread. When the queue is full (the store cannot keep up) the
    /// receive thread waits here and the socket buffer holds the next requests: back-pressure, not loss.
    /// </summary>
    public void Enqueue(PendingCommit item, CancellationToken cancellationToken)
    {
        if (!_queue.Writer.TryWrite(item))
            _queue.Writer.WriteAsync(item, cancellationToken).AsTask().GetAwaiter().GetResult();
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var reader = _queue.Reader;
        var batch = new List<PendingCommit>(runtime.Settings.MaxCommitBatch);
        var changes = new List<LeaseChange>(runtime.Settings.MaxCommitBatch);
        var interval = TimeSpan.FromMilliseconds(runtime.Settings.MinCommitIntervalMilliseconds);
        var lastCommit = clock.GetTimestamp() - (long)(interval.TotalSeconds * clock.TimestampFrequency);
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            // Under load, wait out the rest of the interval since the last commit began: every fsync
            // costs CPU, so fewer and larger batches leave more for answering. An idle server commits at once.
            var wait = interval - clock.GetElapsedTime(lastCommit);
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, clock, cancellationToken);
            lastCommit = clock.GetTimestamp();
            batch.Clear();
            changes.Clear();
            while (batch.Count < runtime.Settings.MaxCommitBatch && reader.TryRead(out var item))
            {
                batch.Add(item);
                changes.Add(item.Change);
            }
            bool[] results;
            try
            {
                results = await store.CommitAsync(changes, clock.GetUtcNow(), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Nothing was acknowledged: undo the in-memory binds; the clients will retry.
                DhcpLog.CommitFailed(logger, e, batch.Count);
                foreach (var item in batch)
                    if (item.Change.Kind == LeaseChangeKind.Bind)
                        pool.Forget(Ipv4.ToUInt32(item.Change.Lease.Address), item.Change.Lease.Mac);
                continue;
            }
            for (var i = 0; i < batch.Count; i++)
                Complete(batch[i], results[i]);
            Committed?.Invoke(batch.Count);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per packet: optimised from the first DHCP storm after start, not tier 0
    private void Complete(PendingCommit item, bool applied)
    {
        var lease = item.Change.Lease;
        if (applied)
        {
            if (item.Reply is { } reply)
                item.Sender.Send(item.Request, reply, item.Arrival);
            return;
        }
        if (item.Change.Kind != LeaseChangeKind.Bind)
            return;
        // Another server on the shared database holds it: learn that, and NAK so the client starts over.
        var address = Ipv4.ToUInt32(lease.Address);
        pool.Forget(address, lease.Mac);
        pool.MarkForeign(address, lease.Expires);
        DhcpLog.ClaimRefused(logger, lease.Mac, lease.Address);
        if (item.RefusedReply is { } nak)
            item.Sender.Send(item.Request, nak(), item.Arrival);
    }
}
