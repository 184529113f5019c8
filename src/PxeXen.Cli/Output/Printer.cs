using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace PxeXen.Cli.Output;

/// <summary>
/// Everything a command prints: tables and key/value views for people, the API's JSON unchanged
/// with <c>--json</c>, notes and warnings on stderr so that stdout stays clean for pipes.
/// </summary>
public sealed class Printer
{
    private readonly CliEnvironment _environment;

    public Printer(CliEnvironment environment, bool json)
    {
        _environment = environment;
        Json = json;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(environment.Out),
            Ansi = environment.IsInteractive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = environment.IsInteractive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            // IsInteractive already says whether stdout is a terminal (Console.IsOutputRedirected).
            Interactive = environment.IsInteractive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!environment.IsInteractive)
            Console.Profile.Width = environment.Width;
    }

    public bool Json { get; }
    public bool IsInteractive => _environment.IsInteractive;
    public IAnsiConsole Console { get; }
    public TextWriter Out => _environment.Out;
    public TextWriter Error => _environment.Error;

    public void List(JsonArray items, IReadOnlyList<Column> columns, string emptyMessage)
    {
        if (Json)
        {
            WriteJson(items);
            return;
        }
        if (items.Count == 0)
        {
            Error.WriteLine(emptyMessage);
            return;
        }
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
            table.AddColumn(new TableColumn(new Text(column.Header, new Style(decoration: Decoration.Bold))));
        foreach (var item in items.OfType<JsonObject>())
            table.AddRow(columns.Select(c => (IRenderable)new Text(c.Read(item))).ToArray());
        Console.Write(table);
    }

    /// <summary>One object as "key  value" lines, nested objects as "xen.memoryMiB".</summary>
    public void Show(JsonObject item)
    {
        if (Json)
        {
            WriteJson(item);
            return;
        }
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        foreach (var (key, value) in Flatten(item, ""))
            grid.AddRow(new Text(key, new Style(decoration: Decoration.Bold)), new Text(value));
        Console.Write(grid);
    }

    private static IEnumerable<(string Key, string Value)> Flatten(JsonObject item, string prefix)
    {
        foreach (var (key, value) in item)
        {
            if (value is JsonObject nested && nested.Count > 0)
                foreach (var pair in Flatten(nested, prefix + key + "."))
                    yield return pair;
            else
                yield return (prefix + key, Output.Json.Text(value));
        }
    }

    public void WriteJson(JsonNode? node) => Out.WriteLine(node?.ToJsonString(Output.Json.Indented) ?? "null");

    /// <summary>A one-line result for people ("machine web01 added"); with --json the object instead.</summary>
    public void Done(string message, JsonNode? result = null)
    {
        if (Json)
        {
            if (result is not null)
                WriteJson(result);
            return;
        }
        Out.WriteLine(message);
    }

    public void Warn(string message) => Error.WriteLine($"pxexen: warning: {message}");

    public void Note(string message) => Error.WriteLine(message);
}
