using System.Globalization;
using System.Text.Json.Nodes;

namespace PxeXen.Cli.Api;

/// <summary>
/// Settings given to the service outside appsettings.json, read the way .NET's configuration reads
/// them (Microsoft.Extensions.Configuration.CommandLine and EnvironmentVariables): <c>--Key=value</c>,
/// <c>--Key value</c>, <c>/Key=value</c>, <c>Key=value</c>; <c>PXEXEN_Section__Key=value</c>. Keys
/// are ':'-separated paths; a numeric segment is an array index ("Dhcp:Subnets:0:Network").
/// </summary>
public static class SettingsOverlay
{
    public static IEnumerable<KeyValuePair<string, string>> FromCommandLine(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var prefixed = arg.StartsWith("--", StringComparison.Ordinal) ? 2 : arg.StartsWith('/') ? 1 : 0;
            var body = arg[prefixed..];
            var equals = body.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
                yield return new(body[..equals], body[(equals + 1)..]);
            else if (prefixed > 0 && body.Length > 0 && i + 1 < args.Count)
                yield return new(body, args[++i]);
        }
    }

    public static IEnumerable<KeyValuePair<string, string>> FromEnvironment(IEnumerable<string> variables, string prefix = "PXEXEN_")
    {
        foreach (var variable in variables)
        {
            var equals = variable.IndexOf('=', StringComparison.Ordinal);
            if (equals > prefix.Length && variable.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                yield return new(variable[prefix.Length..equals].Replace("__", ":", StringComparison.Ordinal), variable[(equals + 1)..]);
        }
    }

    /// <summary>Sets <paramref name="key"/> in <paramref name="root"/>, creating objects and arrays on the way.</summary>
    public static void Set(JsonObject root, string key, string value)
    {
        var segments = key.Split(':', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
            return;
        JsonNode node = root;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            var child = Get(node, segments[i]);
            if (child is not (JsonObject or JsonArray))
            {
                child = Index(segments[i + 1]) is null ? new JsonObject() : new JsonArray();
                if (!Put(node, segments[i], child))
                    return;
            }
            node = child;
        }
        Put(node, segments[^1], JsonValue.Create(value));
    }

    private static int? Index(string segment) =>
        int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < 10_000 ? index : null;

    private static JsonNode? Get(JsonNode node, string segment) => node switch
    {
        JsonObject obj => obj.FirstOrDefault(p => string.Equals(p.Key, segment, StringComparison.OrdinalIgnoreCase)).Value,
        JsonArray array when Index(segment) is { } i && i < array.Count => array[i],
        _ => null,
    };

    private static bool Put(JsonNode node, string segment, JsonNode child)
    {
        switch (node)
        {
            case JsonObject obj:
                var existing = obj.FirstOrDefault(p => string.Equals(p.Key, segment, StringComparison.OrdinalIgnoreCase)).Key;
                obj[existing ?? segment] = child;
                return true;
            case JsonArray array when Index(segment) is { } i:
                while (array.Count <= i)
                    array.Add(null);
                array[i] = child;
                return true;
            default:
                // "Dhcp:Subnets:Network" where Subnets is a list: .NET would not bind it either.
                return false;
        }
    }
}
