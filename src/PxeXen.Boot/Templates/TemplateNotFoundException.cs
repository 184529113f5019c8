namespace PxeXen.Boot.Templates;

/// <summary>No template file for a name a profile (or a default) asked for.</summary>
public sealed class TemplateNotFoundException(string folder, string name, string menusDirectory)
    : Exception($"no template '{name}' in {Path.Combine(menusDirectory, folder)} (looked for {name}.scriban)")
{
    public string Folder { get; } = folder;
    public string Name { get; } = name;
}
