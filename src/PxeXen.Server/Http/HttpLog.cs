namespace PxeXen.Server.Http;

internal static partial class HttpLog
{
    [LoggerMessage(1, LogLevel.Information, "Machine {Machine} ({ClientMac}) reports its install complete from {Peer}: netboot off")]
    public static partial void Installed(ILogger logger, string machine, string clientMac, string peer);

    [LoggerMessage(2, LogLevel.Error, "Could not render {Path} for {ClientMac}: {Reason}")]
    public static partial void RenderFailed(ILogger logger, string path, string clientMac, string reason);
}
