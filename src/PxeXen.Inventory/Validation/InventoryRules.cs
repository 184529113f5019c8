using System.Net.Sockets;
using PxeXen.Inventory.Distros;
using PxeXen.Inventory.Machines;
using PxeXen.Inventory.Naming;
using PxeXen.Inventory.Profiles;

namespace PxeXen.Inventory.Validation;

/// <summary>
/// Checks and normalises distros, profiles and machines on the way in (names lower case, MACs
/// <c>aa:bb:cc:dd:ee:ff</c>). References to other records are checked by the store, inside its
/// transaction.
/// </summary>
public static class InventoryRules
{
    public static readonly IReadOnlyList<string> MenuKinds = ["pxelinux", "ipxe", "grub", "xen"];

    public static ValidationFailure? Normalize(Distro distro, out Distro normalized)
    {
        normalized = distro;
        if (!ResourceName.TryNormalize(distro.Name, out var name, out var reason))
            return new("name", $"name {reason}");
        if (BootPathFailure(distro.Kernel, "kernel") is { } kernel)
            return kernel;
        for (var i = 0; i < distro.Initrds.Count; i++)
            if (BootPathFailure(distro.Initrds[i], $"initrds[{i}]") is { } initrd)
                return initrd;
        var breed = (distro.Breed ?? DistroBreed.Generic).Trim().ToLowerInvariant();
        if (!DistroBreed.All.Contains(breed))
            return new("breed", $"breed '{distro.Breed}' is not one of {string.Join(", ", DistroBreed.All)}");
        if (string.IsNullOrWhiteSpace(distro.Arch) || distro.Arch.Any(char.IsWhiteSpace))
            return new("arch", "arch must be one word, e.g. x86_64");
        normalized = distro with
        {
            Name = name,
            Kernel = distro.Kernel.Trim().TrimStart('/'),
            Initrds = distro.Initrds.Select(p => p.Trim().TrimStart('/')).ToArray(),
            Breed = breed,
            KernelArgs = (distro.KernelArgs ?? "").Trim(),
        };
        return null;
    }

    public static ValidationFailure? Normalize(Profile profile, out Profile normalized)
    {
        normalized = profile;
        if (!ResourceName.TryNormalize(profile.Name, out var name, out var reason))
            return new("name", $"name {reason}");
        string? distro = null, parent = null;
        if (profile.Distro is not null && !ResourceName.TryNormalize(profile.Distro, out distro, out reason))
            return new("distro", $"distro {reason}");
        if (profile.Parent is not null && !ResourceName.TryNormalize(profile.Parent, out parent, out reason))
            return new("parent", $"parent {reason}");
        if (distro is null && parent is null)
            return new("distro", "a profile without a parent must name a distro");
        if (parent == name)
            return new("parent", "a profile cannot be its own parent");
        if (profile.AnswerTemplate is { } answer && !IsTemplateName(answer))
            return new("answerTemplate", $"'{answer}' is not a template name (letters, digits, '-', '_', '.')");
        foreach (var (kind, template) in profile.MenuTemplates)
        {
            if (!MenuKinds.Contains(kind))
                return new($"menuTemplates.{kind}", $"unknown menu kind '{kind}' (one of {string.Join(", ", MenuKinds)})");
            if (!IsTemplateName(template))
                return new($"menuTemplates.{kind}", $"'{template}' is not a template name");
        }
        if (profile.Xen is { } xen)
        {
            if (xen.MemoryMiB is <= 0)
                return new("xen.memoryMiB", "must be positive");
            if (xen.Vcpus is <= 0)
                return new("xen.vcpus", "must be positive");
            if (xen.DiskGiB is <= 0)
                return new("xen.diskGiB", "must be positive");
            if (xen.Type is not (null or "pv" or "pvh"))
                return new("xen.type", "must be pv or pvh");
        }
        foreach (var key in profile.Variables.Keys)
            if (!IsVariableName(key))
                return new($"variables.{key}", $"'{key}' is not a variable name (letters, digits, '_')");
        normalized = profile with { Name = name, Distro = distro, Parent = parent };
        return null;
    }

    public static ValidationFailure? Normalize(Machine machine, out Machine normalized)
    {
        normalized = machine;
        if (!ResourceName.TryNormalize(machine.Name, out var name, out var reason))
            return new("name", $"name {reason}");
        if (!ResourceName.TryNormalize(machine.Profile, out var profile, out reason))
            return new("profile", $"profile {reason}");
        if (machine.Macs is null || machine.Macs.Count == 0)
            return new("macs", "at least one MAC is required");
        var macs = new List<string>(machine.Macs.Count);
        for (var i = 0; i < machine.Macs.Count; i++)
        {
            if (!MacAddress.TryNormalize(machine.Macs[i], out var mac))
                return new($"macs[{i}]", $"'{machine.Macs[i]}' is not a MAC address (aa:bb:cc:dd:ee:ff)");
            // A NIC's own address is unicast and not zero: ff:ff:.. or 01:00:5e:.. would never be a
            // DHCP client's chaddr, so such a registration is a typo that silently never boots.
            if (mac == "00:00:00:00:00:00" || (Convert.ToByte(mac[..2], 16) & 1) != 0)
                return new($"macs[{i}]", $"{mac} is a {(mac == "00:00:00:00:00:00" ? "zero" : "multicast or broadcast")} address, not a network card's");
            if (macs.Contains(mac))
                return new($"macs[{i}]", $"{mac} is listed twice");
            macs.Add(mac);
        }
        foreach (var (field, address) in new[] { ("ip", machine.Ip), ("gateway", machine.Gateway), ("netmask", machine.Netmask) })
            if (address is not null && address.AddressFamily != AddressFamily.InterNetwork)
                return new(field, $"{field} must be an IPv4 address");
        if (machine.Netmask is { } netmask && !IsContiguousMask(netmask.GetAddressBytes()))
            return new("netmask", $"{netmask} is not a contiguous netmask");
        string? hostname = null;
        if (machine.Hostname is not null && !ResourceName.TryNormalize(machine.Hostname, out hostname, out reason))
            return new("hostname", $"hostname {reason}");
        foreach (var key in machine.Variables.Keys)
            if (!IsVariableName(key))
                return new($"variables.{key}", $"'{key}' is not a variable name (letters, digits, '_')");
        normalized = machine with { Name = name, Profile = profile, Macs = macs, Hostname = hostname };
        return null;
    }

    /// <summary>Scriban identifiers, so templates can write <c>vars.name</c>.</summary>
    public static bool IsVariableName(string key) =>
        key.Length is > 0 and <= 64 && (char.IsAsciiLetter(key[0]) || key[0] == '_') && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static bool IsTemplateName(string name) => ResourceName.TryNormalize(name, out var n, out _) && n == name;

    private static ValidationFailure? BootPathFailure(string? path, string field)
    {
        if (string.IsNullOrWhiteSpace(path))
            return new(field, $"{field} is required");
        var parts = path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts.Any(p => p is ".." or "."))
            return new(field, $"'{path}' must be a path inside the boot images directory (no '..')");
        if (path.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
            return new(field, $"'{path}' contains white space or control characters");
        return null;
    }

    private static bool IsContiguousMask(byte[] bytes)
    {
        var value = (uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3];
        var inverted = ~value;
        return (inverted & (inverted + 1)) == 0;
    }
}
