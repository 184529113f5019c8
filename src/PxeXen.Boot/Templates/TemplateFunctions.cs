using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace PxeXen.Boot.Templates;

/// <summary>PxeXen's own template functions, made once and shared by every render.</summary>
public static class TemplateFunctions
{
    /// <summary>
    /// <c>{{ var "mirror" "deb.debian.org" }}</c>: an optional variable with its default. Strict
    /// mode makes <c>vars.mirror</c> an error when unset, which is right for required ones.
    /// </summary>
    public static readonly ScriptObject Shared = Create();

    private static ScriptObject Create()
    {
        var functions = new ScriptObject();
        functions.Import("var", new Func<TemplateContext, string, object?, object?>(Var));
        return functions;
    }

    private static object? Var(TemplateContext context, string name, object? fallback)
    {
        var vars = context.GetValue(new ScriptVariableGlobal("vars")) as ScriptObject;
        return vars is not null && vars.TryGetValue(name, out var value) && value is not null ? value : fallback;
    }
}
