using System.CommandLine;

namespace PxeXen.Cli.Commands;

/// <summary>Options every command accepts (recursive on the root command).</summary>
public sealed class GlobalOptions
{
    public Option<string?> Server { get; } = new("--server", "-s")
    {
        Description = "Service URL, e.g. http://10.0.0.1:8080 (default: PXEXEN_SERVER, else Http:Port of ./appsettings.json, else http://127.0.0.1:5000)",
        HelpName = "URL",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "API token for changes (default: PXEXEN_TOKEN, else <data>/api-token of a local service)",
        HelpName = "TOKEN",
        Recursive = true,
    };

    public Option<string?> DataDirectory { get; } = new("--data-dir")
    {
        Description = "The service's data directory, to read api-token from (default: PXEXEN_DATA, else Service:DataDirectory of ./appsettings.json, else ./data)",
        HelpName = "DIR",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print JSON (the API's own shapes) instead of tables",
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        root.Add(Server);
        root.Add(Token);
        root.Add(DataDirectory);
        root.Add(Json);
    }
}
