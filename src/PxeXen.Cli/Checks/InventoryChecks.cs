using System.Text.Json.Nodes;
using PxeXen.Cli.Output;

namespace PxeXen.Cli.Checks;

/// <summary>
/// Consistency of what is registered, from the API's lists alone: dangling references, parent
/// cycles, a kernel Xen cannot boot in a profile meant for Xen domUs, MACs claimed twice.
/// </summary>
public static class InventoryChecks
{
    public static IEnumerable<Finding> Run(JsonArray distros, JsonArray profiles, JsonArray machines)
    {
        var distroByName = distros.OfType<JsonObject>().ToDictionary(d => Json.String(d, "name"), StringComparer.Ordinal);
        var profileByName = profiles.OfType<JsonObject>().ToDictionary(p => Json.String(p, "name"), StringComparer.Ordinal);

        foreach (var distro in distroByName.Values)
            if (Json.At(distro, "xen") is not JsonObject)
                yield return Finding.Warning($"distro {Json.String(distro, "name")}", "the server did not inspect its kernel for Xen", "re-save it: pxexen distro edit NAME --kernel PATH");

        foreach (var (name, profile) in profileByName)
        {
            var subject = $"profile {name}";
            var chain = ParentChain(profile, profileByName, out var problem);
            if (problem is not null)
            {
                yield return Finding.Error(subject, problem, "fix it with: pxexen profile edit " + name + " --parent PROFILE (or \"\")");
                continue;
            }
            var distroName = chain.Select(p => Json.String(p, "distro")).FirstOrDefault(d => d.Length > 0);
            if (distroName is null)
            {
                yield return Finding.Error(subject, "has no distro (neither itself nor a parent names one)", $"pxexen profile edit {name} --distro DISTRO");
                continue;
            }
            if (!distroByName.TryGetValue(distroName, out var distro))
            {
                yield return Finding.Error(subject, $"its distro '{distroName}' does not exist", $"pxexen distro add {distroName} --kernel PATH, or pxexen profile edit {name} --distro DISTRO");
                continue;
            }
            var isXenProfile = chain.Any(HasXenSettings);
            if (isXenProfile && Json.Bool(distro, "xen.pv") == false && Json.Bool(distro, "xen.pvh") != true)
            {
                var reason = Json.String(distro, "xen.reason");
                yield return Finding.Error(subject, $"has Xen domU settings but the kernel of distro {distroName} ({Json.String(distro, "kernel")}) is not Xen-PV capable" +
                    (reason.Length > 0 ? $": {reason}" : ""), "use a kernel built with CONFIG_XEN_PV (Debian's amd64 kernels are), then pxexen distro edit " + distroName + " --kernel PATH");
            }
        }

        var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var machine in machines.OfType<JsonObject>())
        {
            var name = Json.String(machine, "name");
            var profile = Json.String(machine, "profile");
            if (!profileByName.ContainsKey(profile))
                yield return Finding.Error($"machine {name}", $"its profile '{profile}' does not exist", $"pxexen machine edit {name} --profile PROFILE");
            foreach (var mac in (machine["macs"] as JsonArray ?? []).Select(m => m?.ToString() ?? ""))
            {
                if (owners.TryGetValue(mac, out var other))
                    yield return Finding.Error($"machine {name}", $"MAC {mac} is also registered to {other}", $"pxexen machine edit {name} --remove-mac {mac}");
                else
                    owners[mac] = name;
            }
        }
    }

    /// <summary>A profile meant for Xen domUs: its <c>xen</c> object sets at least one value.</summary>
    public static bool HasXenSettings(JsonObject profile) =>
        Json.At(profile, "xen") is JsonObject xen && xen.Any(p => p.Value is not null);

    /// <summary>The profile and its parents, nearest first; a missing parent or a cycle is a problem.</summary>
    public static List<JsonObject> ParentChain(JsonObject profile, IReadOnlyDictionary<string, JsonObject> profiles, out string? problem)
    {
        var chain = new List<JsonObject> { profile };
        var visited = new HashSet<string>(StringComparer.Ordinal) { Json.String(profile, "name") };
        problem = null;
        for (var parent = Json.String(profile, "parent"); parent.Length > 0; parent = Json.String(chain[^1], "parent"))
        {
            if (!visited.Add(parent))
            {
                problem = $"its parents form a cycle: {string.Join(" -> ", chain.Select(p => Json.String(p, "name")))} -> {parent}";
                return chain;
            }
            if (!profiles.TryGetValue(parent, out var next))
            {
                problem = $"its parent '{parent}' does not exist";
                return chain;
            }
            chain.Add(next);
        }
        return chain;
    }
}
