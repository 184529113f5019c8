using Microsoft.Extensions.Logging;
using PxeXen.Inventory.Events;

namespace PxeXen.Server.Dhcp;

/// <summary>Used only when no inventory is registered: boot events go to the debug log.</summary>
internal sealed partial class LoggedBootEvents(ILogger<LoggedBootEvents> logger) : IBootEventSink
{
    public void Record(string mac, string stage, string? detail) => Log(logger, mac, stage, detail);

    [LoggerMessage(LogLevel.Debug, "{ClientMac} {Stage} {Detail}")]
    private static partial void Log(ILogger logger, string clientMac, string stage, string? detail);
}
