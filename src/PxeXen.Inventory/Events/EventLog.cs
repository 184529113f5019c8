using Microsoft.Extensions.Logging;

namespace PxeXen.Inventory.Events;

internal static partial class EventLog
{
    [LoggerMessage(1, LogLevel.Error, "Could not store {Count} boot events; they are lost")]
    public static partial void BatchFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(2, LogLevel.Information, "Pruned {Count} boot events older than {Before:u} (Store:EventRetentionDays)")]
    public static partial void Pruned(ILogger logger, long count, DateTimeOffset before);

    [LoggerMessage(3, LogLevel.Warning, "Could not prune boot events older than {Before:u}; trying again in an hour")]
    public static partial void PruneFailed(ILogger logger, DateTimeOffset before, Exception exception);
}
