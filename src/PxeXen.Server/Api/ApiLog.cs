namespace PxeXen.Server.Api;

internal static partial class ApiLog
{
    [LoggerMessage(1, LogLevel.Information, "API token from setting Api:Token")]
    public static partial void TokenFromSettings(ILogger logger);

    [LoggerMessage(2, LogLevel.Information, "API token read from {Path}")]
    public static partial void TokenFromFile(ILogger logger, string path);

    [LoggerMessage(3, LogLevel.Warning, "API token created in {Path} (mode 0600): send it as 'Authorization: Bearer <token>' to change anything")]
    public static partial void TokenCreated(ILogger logger, string path);

    [LoggerMessage(4, LogLevel.Information, "API {Method} {Path} refused: {Reason}")]
    public static partial void Unauthorized(ILogger logger, string method, string path, string reason);

    [LoggerMessage(5, LogLevel.Warning, "Distro {Distro}: kernel {Path} not found, Xen capability not inspected")]
    public static partial void KernelMissing(ILogger logger, string distro, string path);

    [LoggerMessage(6, LogLevel.Information, "Distro {Distro}: kernel {Format}, Xen PV {Pv}, PVH {Pvh} {Reason}")]
    public static partial void KernelInspected(ILogger logger, string distro, string format, string pv, string pvh, string reason);
}
