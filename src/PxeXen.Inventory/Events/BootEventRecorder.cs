using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using PxeXen.Inventory.Naming;
using PxeXen.Inventory.Store;

namespace PxeXen.Inventory.Events;

/// <summary>
/// The <see cref="IBootEventSink"/> the servers call: <see cref="Record"/> only queues, and
/// <see cref="RunAsync"/> (owned by a hosted service) writes the queue in batches, one
/// transaction each, then hands the stored events to the live feed.
/// </summary>
public sealed class BootEventRecorder(IInventoryStore store, BootEventFeed feed, TimeProvider time, ILogger<BootEventRecorder> logger) : IBootEventSink
{
    public const int QueueCapacity = 65_536;
    public const int MaxBatch = 512;

    /// <summary>
    /// How long the first event of a quiet spell waits for others: a boot storm's events then go to
    /// the database in a few large transactions instead of one per wake-up, which on a small server
    /// took CPU the DHCP answers needed. Live followers see an event at most this late.
    /// </summary>
    public static readonly TimeSpan GatherTime = TimeSpan.FromMilliseconds(50);

    private readonly Channel<BootEvent> _queue = Channel.CreateBounded<BootEvent>(new BoundedChannelOptions(QueueCapacity)
    {
        // A storm the database cannot keep up with loses events, never stalls a DHCP reply.
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private long _dropped;

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Record(string mac, string stage, string? detail)
    {
        var normalized = MacAddress.TryNormalize(mac, out var m) ? m : mac;
        if (!_queue.Writer.TryWrite(new BootEvent(0, normalized, time.GetUtcNow(), stage, detail)))
            Interlocked.Increment(ref _dropped);
    }

    /// <summary>Writes until <paramref name="stoppingToken"/> is cancelled, then flushes what is queued.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var batch = new List<BootEvent>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(GatherTime, time, stoppingToken);
                do
                    await WriteBatchAsync(batch, stoppingToken);
                while (_queue.Reader.Count > 0);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is queued is still written, bounded by the host's stop timeout.
            using var flush = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            while (_queue.Reader.Count > 0 && !flush.IsCancellationRequested)
                await WriteBatchAsync(batch, flush.Token);
        }
    }

    private async Task WriteBatchAsync(List<BootEvent> batch, CancellationToken cancellationToken)
    {
        batch.Clear();
        while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var e))
            batch.Add(e);
        if (batch.Count == 0)
            return;
        try
        {
            feed.Publish(await store.AppendEventsAsync(batch, cancellationToken));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Interlocked.Add(ref _dropped, batch.Count);
            EventLog.BatchFailed(logger, batch.Count, e);
        }
    }
}
