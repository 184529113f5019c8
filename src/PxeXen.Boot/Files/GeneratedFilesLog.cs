using Microsoft.Extensions.Logging;

namespace PxeXen.Boot.Files;

internal static partial class GeneratedFilesLog
{
    [LoggerMessage(1, LogLevel.Error, "Could not render {Path} for {ClientMac}: {Reason}")]
    public static partial void RenderFailed(ILogger logger, string path, string clientMac, string reason);
}
