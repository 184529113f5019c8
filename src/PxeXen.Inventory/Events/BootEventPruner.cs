using Microsoft.Extensions.Logging;
using PxeXen.Inventory.Store;

namespace PxeXen.Inventory.Events;

/// <summary>
/// Keeps the boot event log (and the seen list) to <c>Store:EventRetentionDays</c>: every DHCP,
/// TFTP and HTTP step of every boot is a row, so a busy estate would otherwise grow the database
/// without end. Prunes once at start, then every <see cref="Interval"/>.
/// </summary>
public sealed class BootEventPruner(IInventoryStore store, TimeSpan retention, TimeProvider time, ILogger<BootEventPruner> logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>Prunes until <paramref name="stoppingToken"/> is cancelled; a zero retention keeps everything.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        if (retention <= TimeSpan.Zero)
            return;
        try
        {
            while (true)
            {
                await PruneOnceAsync(stoppingToken);
                await Task.Delay(Interval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the next start prunes again.
        }
    }

    private async Task PruneOnceAsync(CancellationToken stoppingToken)
    {
        var before = time.GetUtcNow() - retention;
        try
        {
            var deleted = await store.PruneEventsAsync(before, stoppingToken);
            if (deleted > 0)
                EventLog.Pruned(logger, deleted, before);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A database that is down now may be back within the hour; serving goes on meanwhile.
            EventLog.PruneFailed(logger, before, e);
        }
    }
}
