using Scriban;
using Scriban.Runtime;
using PxeXen.Boot.Templates;
using PxeXen.Inventory.Distros;
using PxeXen.Inventory.Naming;
using PxeXen.Inventory.Profiles;

namespace PxeXen.Boot.Rendering;

/// <summary>
/// THE place the template variables are made (README "Templates" lists them): machine, profile
/// (its chain resolved), distro, server, urls, net (the machine's network settings, for
/// <c>ip=</c> lines of diskless profiles), boot (merged kernel arguments) and vars.
/// Absent values are null (render empty); absent names are errors (strict mode).
/// </summary>
public static class RenderContextBuilder
{
    public const string DefaultNetDevice = "eth0";

    public static ScriptObject Build(RenderSubject subject)
    {
        var machine = subject.Machine;
        var profile = subject.Profile;
        var distro = subject.Distro;
        var http = subject.HttpBase;
        var mac = subject.Mac;
        var vars = new ScriptObject();
        foreach (var (key, value) in profile.Variables)
            vars[key] = value;
        foreach (var (key, value) in machine.Variables)
            vars[key] = value;
        var hostname = machine.Hostname ?? machine.Name;

        var answerTemplate = profile.AnswerTemplate ?? DistroBreed.DefaultAnswerTemplate(distro.Breed);
        var answerUrl = BootUrls.Answer(http, mac);
        var answerArg = answerTemplate is null || !machine.Netboot ? "" : AnswerArguments.For(distro.Breed, answerUrl);
        var device = vars.TryGetValue("net_device", out var d) && d is string s && s.Length > 0 ? s : DefaultNetDevice;

        var xen = XenObject(profile.Xen);
        var context = new ScriptObject
        {
            ["machine"] = new ScriptObject
            {
                ["name"] = machine.Name,
                ["mac"] = mac,
                ["mac_dashed"] = MacAddress.ToDashed(mac),
                ["macs"] = new ScriptArray(machine.Macs),
                ["hostname"] = hostname,
                ["ip"] = subject.Address?.ToString(),
                ["gateway"] = machine.Gateway?.ToString(),
                ["netmask"] = machine.Netmask?.ToString(),
                ["uuid"] = machine.Uuid?.ToString(),
                ["netboot"] = machine.Netboot,
            },
            ["profile"] = new ScriptObject
            {
                ["name"] = profile.Name,
                ["chain"] = new ScriptArray(profile.Chain),
                ["kernel_args"] = profile.KernelArgs,
                ["answer_template"] = answerTemplate,
                ["xen"] = xen,
            },
            ["distro"] = new ScriptObject
            {
                ["name"] = distro.Name,
                ["kernel"] = distro.Kernel,
                ["initrds"] = new ScriptArray(distro.Initrds),
                ["arch"] = distro.Arch,
                ["breed"] = distro.Breed,
                ["kernel_args"] = distro.KernelArgs,
                ["xen_pv"] = distro.Xen?.Pv,
                ["xen_pvh"] = distro.Xen?.Pvh,
            },
            ["server"] = new ScriptObject
            {
                ["ip"] = subject.Server.ToString(),
                ["http"] = http,
            },
            ["urls"] = new ScriptObject
            {
                ["kernel"] = BootUrls.File(http, distro.Kernel),
                ["initrds"] = new ScriptArray(distro.Initrds.Select(i => BootUrls.File(http, i))),
                ["files"] = http + BootUrls.FilesPrefix,
                ["answer"] = answerUrl,
                ["installed"] = BootUrls.Installed(http, mac),
                ["ipxe"] = BootUrls.Ipxe(http, mac),
            },
            ["net"] = new ScriptObject
            {
                ["ip"] = subject.Address?.ToString(),
                ["gateway"] = machine.Gateway?.ToString(),
                ["netmask"] = machine.Netmask?.ToString(),
                ["hostname"] = hostname,
                ["server"] = subject.Server.ToString(),
                ["device"] = device,
                // Linux nfsroot.txt: ip=<client>:<server>:<gw>:<netmask>:<host>:<device>:<autoconf>.
                ["ip_config"] = subject.Address is { } ip
                    ? $"ip={ip}:{subject.Server}:{machine.Gateway}:{machine.Netmask}:{hostname}:{device}:off"
                    : $"ip=:::{machine.Netmask}:{hostname}:{device}:dhcp",
            },
            ["boot"] = new ScriptObject
            {
                ["kernel_args"] = KernelArguments.Merge([distro.KernelArgs, answerArg, profile.KernelArgs]),
                ["answer_arg"] = answerArg,
                ["local"] = !machine.Netboot,
            },
            ["vars"] = vars,
        };
        // xl disk specs may name the machine: "phy:/dev/vg0/{{machine.name}},xvda,w".
        if (profile.Xen.Disk is { } disk && disk.Contains("{{", StringComparison.Ordinal))
            xen["disk"] = RenderInline(disk, context, "profile.xen.disk");
        return context;
    }

    private static ScriptObject XenObject(XenDomainSettings xen) => new()
    {
        ["memory_mib"] = xen.MemoryMiB,
        ["vcpus"] = xen.Vcpus,
        ["disk_gib"] = xen.DiskGiB,
        ["disk"] = xen.Disk,
        ["bridge"] = xen.Bridge,
        ["type"] = xen.Type,
    };

    private static string RenderInline(string text, ScriptObject globals, string name)
    {
        var template = Template.Parse(text, name);
        if (template.HasErrors)
            throw new TemplateRenderException(name, 0, string.Join("; ", template.Messages));
        var context = new TemplateContext { StrictVariables = true, EnableRelaxedMemberAccess = false };
        context.PushGlobal(TemplateFunctions.Shared);
        context.PushGlobal(globals);
        try
        {
            return template.Render(context);
        }
        catch (Scriban.Syntax.ScriptRuntimeException e)
        {
            throw new TemplateRenderException(name, 0, e.OriginalMessage);
        }
    }
}
