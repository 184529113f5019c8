namespace PxeXen.Cli;

/// <summary>
/// Everything <c>pxexen</c> takes from the process: output streams, environment variables, the
/// working directory and how HTTP is sent. Tests give their own (string writers, a fake handler).
/// </summary>
public sealed class CliEnvironment
{
    public required TextWriter Out { get; init; }
    public required TextWriter Error { get; init; }

    /// <summary>True when stdout is a terminal: tables get colour and long operations a progress display.</summary>
    public bool IsInteractive { get; init; }

    public Func<string, string?> GetVariable { get; init; } = Environment.GetEnvironmentVariable;

    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>Builds the handler for API calls; null uses a plain <see cref="SocketsHttpHandler"/>.</summary>
    public Func<HttpMessageHandler>? HttpHandler { get; init; }

    /// <summary>Where <c>check</c> reads sockets and processes from (Linux procfs).</summary>
    public string ProcRoot { get; init; } = "/proc";

    /// <summary>Width for tables when stdout is not a terminal.</summary>
    public int Width { get; init; } = 512;

    public static CliEnvironment FromProcess() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        IsInteractive = !Console.IsOutputRedirected,
        Width = Console.IsOutputRedirected ? 512 : Math.Max(80, SafeWindowWidth()),
    };

    private static int SafeWindowWidth()
    {
        try { return Console.WindowWidth; }
        catch (IOException) { return 120; }
    }
}
