using PxeXen.Inventory.Machines;
using PxeXen.Protocol.Dhcp;

namespace PxeXen.Boot.Dhcp;

/// <summary>
/// Which file a booting client gets (DESIGN.md §1): the machine first, then who is asking (the Xen
/// helper, iPXE, a firmware by option 93). Pure: same input, same answer, every rule recorded.
/// </summary>
public static class BootFileSelector
{
    /// <param name="machine">The registered machine for the MAC, or null.</param>
    /// <param name="server">The address the request arrived on, for <c>{server}</c> in URLs.</param>
    public static BootDecision Decide(BootQuery query, Machine? machine, BootFileSettings settings, string server)
    {
        var steps = new List<BootDecisionStep>(6);
        string? profile;
        if (machine is not null)
        {
            profile = machine.Profile;
            steps.Add(new("registered MAC", $"machine {machine.Name}, profile {profile}"));
            if (!machine.Netboot)
                steps.Add(new("netboot", "off: the rendered menu or script boots from the local disk"));
        }
        else
        {
            switch (settings.UnknownMacs)
            {
                case UnknownMacPolicy.Ignore:
                    steps.Add(new("unknown MAC", "policy Ignore: no answer"));
                    return new BootDecision(BootAction.Ignore, null, null, false, null, steps);
                case UnknownMacPolicy.LocalBoot:
                    steps.Add(new("unknown MAC", "policy LocalBoot: an address, no boot file"));
                    return new BootDecision(BootAction.AddressOnly, null, null, false, null, steps);
                default:
                    profile = settings.DefaultProfile;
                    steps.Add(new("unknown MAC", $"policy DefaultProfile: profile {profile}"));
                    break;
            }
        }

        if (query.IsXenHelper)
        {
            // xen-bootloader-spec.md §8.1: the helper asks TFTP for pxelinux.cfg/ next to this file.
            steps.Add(new("user class XenPV", $"Xen helper: siaddr and {settings.XenPv} (its directory holds pxelinux.cfg/)"));
            return Done(BootAction.NetBoot, settings.XenPv, "PXEClient");
        }
        if (query.IsIpxe)
        {
            // The chainload loop: iPXE given the iPXE binary would load itself forever.
            var url = Expand(settings.IpxeScriptUrl, server, query.Mac);
            var why = query.HasIpxeOptions ? "option 175" : "user class iPXE";
            steps.Add(new(why, $"iPXE: its per-machine script {url}, never the iPXE binary again"));
            return Done(BootAction.NetBoot, url, query.IsPxeClient ? "PXEClient" : null);
        }

        var arch = query.EffectiveArchitecture;
        if (arch is null)
        {
            if (query.IsPxeClient)
            {
                steps.Add(new("option 93", "absent, vendor class PXEClient: treated as x86 BIOS"));
                return Done(BootAction.NetBoot, settings.Bios, "PXEClient");
            }
            steps.Add(new("option 93", "absent and no PXEClient vendor class: plain DHCP client, no boot file"));
            return Done(BootAction.AddressOnly, null, null);
        }
        var (file, vendor) = arch.Value switch
        {
            ClientArchitecture.X86Bios => (settings.Bios, "PXEClient"),
            ClientArchitecture.EfiIa32 => (settings.EfiIa32, "PXEClient"),
            ClientArchitecture.EfiBc or ClientArchitecture.EfiX64 => (settings.EfiX64, "PXEClient"),
            ClientArchitecture.EfiArm32 => (settings.EfiArm32, "PXEClient"),
            ClientArchitecture.EfiArm64 => (settings.EfiArm64, "PXEClient"),
            // UEFI HTTP boot ignores an offer without vendor class HTTPClient (UEFI spec 24.7.2).
            ClientArchitecture.EfiX64Http => (Expand(settings.EfiHttp, server, query.Mac), "HTTPClient"),
            _ => ((string?)null, (string?)null),
        };
        if (file is null)
        {
            steps.Add(new("option 93", $"{ClientArchitecture.Name(arch.Value)}: no boot file configured for it, address only"));
            return Done(BootAction.AddressOnly, null, null);
        }
        steps.Add(new("option 93", $"{ClientArchitecture.Name(arch.Value)}: {file}"));
        return Done(BootAction.NetBoot, file, vendor);

        BootDecision Done(BootAction action, string? bootFile, string? vendorClass) =>
            new(action, bootFile, profile, machine is not null, vendorClass, steps);
    }

    private static string Expand(string template, string server, string mac) =>
        template.Replace("{server}", server, StringComparison.Ordinal).Replace("{mac}", mac, StringComparison.Ordinal);
}
