using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PxeXen.Cli.Output;

/// <summary>Reading API objects for display, and writing them for scripts.</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static readonly JsonSerializerOptions Compact = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The node at a dotted path ("xen.pv"), or null.</summary>
    public static JsonNode? At(JsonObject item, string path)
    {
        JsonNode? node = item;
        foreach (var key in path.Split('.'))
            node = node is JsonObject obj && obj.TryGetPropertyValue(key, out var child) ? child : null;
        return node;
    }

    public static string String(JsonObject item, string path) => Text(At(item, path));

    /// <summary>How a value reads in a table cell: strings bare, lists joined, null empty.</summary>
    public static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonArray list => string.Join(", ", list.Select(Text)),
        JsonObject obj => string.Join(", ", obj.Select(p => $"{p.Key}={Text(p.Value)}")),
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag ? "yes" : "no",
        _ => node.ToJsonString(),
    };

    public static bool? Bool(JsonObject item, string path) =>
        At(item, path) is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;
}
