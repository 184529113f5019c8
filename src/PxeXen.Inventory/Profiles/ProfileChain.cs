namespace PxeXen.Inventory.Profiles;

/// <summary>Resolves inheritance: parent first, each child overriding what it sets.</summary>
public static class ProfileChain
{
    /// <summary>Deep enough for any sane hierarchy; deeper means a loop the store failed to refuse.</summary>
    public const int MaxDepth = 16;

    /// <param name="chain">Root first, the profile being resolved last.</param>
    /// <returns>Null with <paramref name="error"/> when no profile in the chain names a distro.</returns>
    public static ResolvedProfile? Resolve(IReadOnlyList<Profile> chain, out string error)
    {
        error = "";
        string? distro = null, answer = null;
        var menus = new Dictionary<string, string>();
        var variables = new Dictionary<string, string>();
        XenDomainSettings xen = new();
        foreach (var profile in chain)
        {
            distro = profile.Distro ?? distro;
            answer = profile.AnswerTemplate ?? answer;
            foreach (var (kind, name) in profile.MenuTemplates)
                menus[kind] = name;
            foreach (var (key, value) in profile.Variables)
                variables[key] = value;
            if (profile.Xen is not null)
                xen = profile.Xen.Over(xen);
        }
        var leaf = chain[^1];
        if (distro is null)
        {
            error = $"profile '{leaf.Name}' and its parents name no distro";
            return null;
        }
        return new ResolvedProfile(leaf.Name, chain.Select(p => p.Name).ToArray(), distro,
            KernelArguments.Merge(chain.Select(p => p.KernelArgs)), answer, menus, xen, variables);
    }
}
