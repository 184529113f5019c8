using System.Text.Json;
using System.Text.Json.Nodes;

namespace PxeXen.Cli.Api;

/// <summary>
/// What <c>pxexen</c> can learn from a service installed in the working directory (its
/// <c>appsettings.json</c>): where the data directory (and so the API token) is, the HTTP port, the
/// boot-images and menus folders, the DHCP subnets. Empty when there is no such file.
/// </summary>
public sealed class LocalService
{
    private readonly JsonElement _root;

    private LocalService(string directory, JsonElement root, string? settingsFile)
    {
        Directory = directory;
        _root = root;
        SettingsFile = settingsFile;
    }

    public string Directory { get; }

    /// <summary>The appsettings.json read (or "the service's command line"), or null when there was none.</summary>
    public string? SettingsFile { get; }

    public string DataDirectory => Resolve(GetString("Service", "DataDirectory") ?? "data");
    public string BootImages => Resolve(GetString("Service", "BootImages") ?? "boot-images");
    public string Menus => Resolve(GetString("Service", "Menus") ?? "menus");

    /// <summary>The <c>Http:Port</c> setting, when the file has one.</summary>
    public int? HttpPort => GetInt("Http", "Port");

    /// <summary>A number setting, written as a JSON number or (command line, environment) as text.</summary>
    public int? GetInt(params string[] path) => GetElement(path) switch
    {
        { ValueKind: JsonValueKind.Number } number when number.TryGetInt32(out var value) => value,
        { ValueKind: JsonValueKind.String } text when int.TryParse(text.GetString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) => value,
        _ => null,
    };

    /// <summary>A true/false setting, as JSON or as text; null when not set.</summary>
    public bool? GetBool(params string[] path) => GetElement(path) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { ValueKind: JsonValueKind.String } text when bool.TryParse(text.GetString(), out var value) => value,
        _ => null,
    };

    public static LocalService Load(string directory) => Load(directory, []);

    /// <summary>
    /// The settings a service started in <paramref name="directory"/> runs with: its appsettings.json,
    /// then <paramref name="overrides"/> ("Dhcp:Subnets:0:Network" = "10.0.0.0/24", from its
    /// environment and command line, later ones winning), as .NET's configuration layers them.
    /// </summary>
    public static LocalService Load(string directory, IReadOnlyList<KeyValuePair<string, string>> overrides)
    {
        var file = Path.Combine(directory, "appsettings.json");
        JsonNode? root = null;
        string? settingsFile = null;
        if (File.Exists(file))
        {
            try
            {
                root = JsonNode.Parse(File.ReadAllText(file), documentOptions: new JsonDocumentOptions
                {
                    CommentHandling = JsonCommentHandling.Skip,
                    AllowTrailingCommas = true,
                });
                settingsFile = file;
            }
            catch (JsonException)
            {
                // A broken settings file is the service's problem to report; the CLI just does not use it.
            }
        }
        if (overrides.Count == 0)
            return new LocalService(directory, root is null ? default : JsonSerializer.SerializeToElement(root), settingsFile);
        var merged = root as JsonObject ?? new JsonObject();
        foreach (var (key, value) in overrides)
            SettingsOverlay.Set(merged, key, value);
        return new LocalService(directory, JsonSerializer.SerializeToElement(merged), settingsFile ?? "the service's command line");
    }

    /// <summary>A section of the settings file (e.g. "Dhcp"), or an undefined element.</summary>
    public JsonElement GetElement(params string[] path)
    {
        var element = _root;
        foreach (var key in path)
        {
            if (element.ValueKind != JsonValueKind.Object)
                return default;
            var found = element.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase));
            if (found.Value.ValueKind == JsonValueKind.Undefined)
                return default;
            element = found.Value;
        }
        return element;
    }

    public string? GetString(params string[] path) =>
        GetElement(path) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private string Resolve(string path) => Path.GetFullPath(path, Directory);
}
