using System.Collections.Concurrent;
using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace PxeXen.Boot.Templates;

/// <summary>
/// Scriban templates under the menus directory (<c>&lt;folder&gt;/&lt;name&gt;.scriban</c>), parsed
/// once and re-parsed when the file changes, rendered in strict mode: a variable or member the
/// context does not have is an error naming the template and line, never an empty string.
/// </summary>
public sealed class TemplateLibrary(string menusDirectory)
{
    public const string Extension = ".scriban";

    private sealed record Parsed(DateTime Modified, long Length, Template Template);

    private readonly ConcurrentDictionary<string, Parsed> _parsed = new();

    // Scriban builds its builtin functions by reflection for every TemplateContext unless given
    // one: built once here (it is only read while rendering), renders are ~10x cheaper.
    private static readonly ScriptObject Builtins = new Scriban.Functions.BuiltinFunctions();

    public string MenusDirectory { get; } = Path.GetFullPath(menusDirectory);

    public bool Exists(string folder, string name) => File.Exists(PathOf(folder, name));

    /// <summary>Renders <c>folder/name.scriban</c> with <paramref name="globals"/> as its variables.</summary>
    /// <exception cref="TemplateNotFoundException">No such template.</exception>
    /// <exception cref="TemplateRenderException">It does not parse, or uses something the context lacks.</exception>
    public string Render(string folder, string name, ScriptObject globals)
    {
        var relative = $"{folder}/{name}{Extension}";
        var template = Load(folder, name, relative);
        var context = new TemplateContext(Builtins)
        {
            StrictVariables = true,
            // Strict members too: vars.sute (a typo) fails instead of rendering nothing.
            EnableRelaxedMemberAccess = false,
            EnableRelaxedTargetAccess = false,
            EnableRelaxedFunctionAccess = false,
            MemberRenamer = member => member.Name,
            LoopLimit = 10_000,
            RecursiveLimit = 50,
            TemplateLoader = null,
        };
        context.PushGlobal(TemplateFunctions.Shared);
        context.PushGlobal(globals);
        try
        {
            return template.Render(context);
        }
        catch (ScriptRuntimeException e)
        {
            throw new TemplateRenderException(relative, e.Span.Start.Line + 1, e.OriginalMessage);
        }
    }

    private Template Load(string folder, string name, string relative)
    {
        var path = PathOf(folder, name);
        var info = new FileInfo(path);
        if (!info.Exists)
            throw new TemplateNotFoundException(folder, name, MenusDirectory);
        if (_parsed.TryGetValue(path, out var cached) && cached.Modified == info.LastWriteTimeUtc && cached.Length == info.Length)
            return cached.Template;
        var template = Template.Parse(File.ReadAllText(path), relative);
        if (template.HasErrors)
        {
            var first = template.Messages.First(m => m.Type == Scriban.Parsing.ParserMessageType.Error);
            throw new TemplateRenderException(relative, first.Span.Start.Line + 1, first.Message);
        }
        _parsed[path] = new Parsed(info.LastWriteTimeUtc, info.Length, template);
        return template;
    }

    private string PathOf(string folder, string name) => Path.Combine(MenusDirectory, folder, name + Extension);
}
