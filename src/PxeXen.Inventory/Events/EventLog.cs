using Microsoft.Extensions.Logging;

namespace PxeXen.Inventory.Events;

internal static partial class EventLog
{
    [LoggerMessage(1, LogLevel.Error, "Could not store {Count} boot events; they are lost")]
    public static partial void BatchFailed(ILogger logger, int count, Exception exception);
}
