using System.Text.Json;

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

    /// <summary>The appsettings.json read, or null when there was none.</summary>
    public string? SettingsFile { get; }

    public string DataDirectory => Resolve(GetString("Service", "DataDirectory") ?? "data");
    public string BootImages => Resolve(GetString("Service", "BootImages") ?? "boot-images");
    public string Menus => Resolve(GetString("Service", "Menus") ?? "menus");

    /// <summary>The <c>Http:Port</c> setting, when the file has one.</summary>
    public int? HttpPort => GetElement("Http", "Port") is { ValueKind: JsonValueKind.Number } port && port.TryGetInt32(out var value) ? value : null;

    public static LocalService Load(string directory)
    {
        var file = Path.Combine(directory, "appsettings.json");
        if (!File.Exists(file))
            return new LocalService(directory, default, null);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
            return new LocalService(directory, document.RootElement.Clone(), file);
        }
        catch (JsonException)
        {
            // A broken settings file is the service's problem to report; the CLI just does not use it.
            return new LocalService(directory, default, null);
        }
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
