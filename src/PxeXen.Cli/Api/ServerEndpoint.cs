namespace PxeXen.Cli.Api;

/// <summary>
/// Which server to talk to and with which token, and where each came from (for error messages):
/// flag, then environment (<c>PXEXEN_SERVER</c>, <c>PXEXEN_TOKEN</c>), then the local service: a
/// pxexen-server running in the working directory (its real settings, command line included), else
/// appsettings.json there (<c>&lt;data&gt;/api-token</c>, <c>Http:Port</c>).
/// </summary>
public sealed record ServerEndpoint(Uri ApiBase, string ServerSource, string? Token, string TokenSource)
{
    public const int DefaultPort = 5000;

    public static ServerEndpoint Resolve(string? serverFlag, string? tokenFlag, string? dataDirectoryFlag, CliEnvironment environment)
    {
        // A service running in this directory knows its own settings best (flags included).
        var running = RunningService.InDirectory(environment.ProcRoot, environment.WorkingDirectory);
        var local = running?.Settings ?? LocalService.Load(environment.WorkingDirectory);
        var (server, serverSource) =
            !string.IsNullOrWhiteSpace(serverFlag) ? (serverFlag, "--server") :
            environment.GetVariable("PXEXEN_SERVER") is { Length: > 0 } fromEnv ? (fromEnv, "PXEXEN_SERVER") :
            running is not null ? ($"http://{LoopbackOr(running.Settings.GetString("Http", "Address"))}:{local.HttpPort ?? DefaultPort}", $"pxexen-server (pid {running.Pid}) running in this directory") :
            local.HttpPort is { } port ? ($"http://127.0.0.1:{port}", $"Http:Port in {local.SettingsFile}") :
            ($"http://127.0.0.1:{DefaultPort}", "the default");
        var apiBase = ParseServer(server, serverSource);

        if (!string.IsNullOrWhiteSpace(tokenFlag))
            return new ServerEndpoint(apiBase, serverSource, tokenFlag.Trim(), "--token");
        if (environment.GetVariable("PXEXEN_TOKEN") is { Length: > 0 } tokenFromEnv)
            return new ServerEndpoint(apiBase, serverSource, tokenFromEnv.Trim(), "PXEXEN_TOKEN");

        var dataDirectory = !string.IsNullOrWhiteSpace(dataDirectoryFlag) ? Path.GetFullPath(dataDirectoryFlag, environment.WorkingDirectory)
            : environment.GetVariable("PXEXEN_DATA") is { Length: > 0 } dataFromEnv ? Path.GetFullPath(dataFromEnv, environment.WorkingDirectory)
            : local.DataDirectory;
        var tokenFile = Path.Combine(dataDirectory, "api-token");
        try
        {
            var token = File.ReadAllText(tokenFile).Trim();
            return new ServerEndpoint(apiBase, serverSource, token.Length > 0 ? token : null, tokenFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var why = e is UnauthorizedAccessException ? "is not readable by you" : "does not exist";
            return new ServerEndpoint(apiBase, serverSource, null, $"no --token, no PXEXEN_TOKEN, and {tokenFile} {why}");
        }
    }

    /// <summary>Where to reach a service listening on <paramref name="address"/> (Http:Address) from this host.</summary>
    private static string LoopbackOr(string? address) =>
        System.Net.IPAddress.TryParse(address, out var ip) && !ip.Equals(System.Net.IPAddress.Any) && !ip.Equals(System.Net.IPAddress.IPv6Any)
            ? (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip.ToString())
            : "127.0.0.1";

    /// <summary>Accepts <c>host</c>, <c>host:port</c>, <c>http://host:port</c>, with or without <c>/api/v1</c>.</summary>
    public static Uri ParseServer(string server, string source)
    {
        var text = server.Trim();
        if (!text.Contains("://", StringComparison.Ordinal))
            text = "http://" + text;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
            throw CommandException.Usage($"'{server}' (from {source}) is not a server address", "give it as http://HOST:PORT, e.g. --server http://10.0.0.1:8080");
        var path = uri.AbsolutePath.TrimEnd('/');
        if (!path.EndsWith("/api/v1", StringComparison.Ordinal))
            path += "/api/v1";
        return new UriBuilder(uri) { Path = path + "/", Query = "", Fragment = "" }.Uri;
    }
}
