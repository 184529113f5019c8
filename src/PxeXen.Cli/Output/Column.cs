using System.Text.Json.Nodes;

namespace PxeXen.Cli.Output;

/// <summary>One column of a listing: its header and how to read the cell from an API object.</summary>
public sealed record Column(string Header, Func<JsonObject, string> Read)
{
    /// <summary>A column showing one property (dotted path for nested objects, lists joined by ", ").</summary>
    public static Column Of(string header, string path) => new(header, item => Json.Text(Json.At(item, path)));
}
