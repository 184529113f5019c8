using Microsoft.Extensions.Logging;

namespace PxeXen.Inventory.Store.Sql;

internal static partial class StoreLog
{
    [LoggerMessage(1, LogLevel.Information, "Inventory store {Store} opened (schema version {Version})")]
    public static partial void Opened(ILogger logger, string store, int version);

    [LoggerMessage(2, LogLevel.Information, "Inventory store {Store} schema upgraded from version {From} to {To}")]
    public static partial void SchemaUpgraded(ILogger logger, string store, int from, int to);
}
