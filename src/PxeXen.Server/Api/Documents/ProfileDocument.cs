using PxeXen.Inventory.Profiles;
using PxeXen.Inventory.Validation;

namespace PxeXen.Server.Api.Documents;

/// <summary>A profile as the API reads and writes it (docs/api.md).</summary>
public sealed class ProfileDocument
{
    public string? Name { get; set; }
    public string? Distro { get; set; }
    public string? Parent { get; set; }
    public string? KernelArgs { get; set; }
    public string? AnswerTemplate { get; set; }
    public Dictionary<string, string>? MenuTemplates { get; set; }
    public XenDomainSettings? Xen { get; set; }
    public Dictionary<string, string>? Variables { get; set; }

    public static ProfileDocument From(Profile profile) => new()
    {
        Name = profile.Name,
        Distro = profile.Distro,
        Parent = profile.Parent,
        KernelArgs = profile.KernelArgs,
        AnswerTemplate = profile.AnswerTemplate,
        MenuTemplates = new(profile.MenuTemplates),
        Xen = profile.Xen,
        Variables = new(profile.Variables),
    };

    public ValidationFailure? ToProfile(string? pathName, out Profile profile)
    {
        profile = new Profile
        {
            Name = Name ?? pathName ?? "",
            Distro = Distro,
            Parent = Parent,
            KernelArgs = KernelArgs,
            AnswerTemplate = AnswerTemplate,
            MenuTemplates = MenuTemplates ?? [],
            Xen = Xen,
            Variables = Variables ?? [],
        };
        return ApiNames.CheckPathName(Name, pathName) ?? InventoryRules.Normalize(profile, out profile);
    }
}
