using System.Net;
using Scriban.Runtime;
using PxeXen.Boot.Templates;
using PxeXen.Inventory.Distros;
using PxeXen.Inventory.Machines;
using PxeXen.Inventory.Naming;
using PxeXen.Inventory.Profiles;
using PxeXen.Inventory.Store;

namespace PxeXen.Boot.Rendering;

/// <summary>
/// Renders what a machine gets: its menu (PXELINUX, iPXE, GRUB), answer file or xl.cfg, from
/// the templates its profile chain names. Netboot off renders the <c>local</c> template.
/// </summary>
public sealed class MachineRenderer(IInventoryStore store, ILeaseAddresses leases, TemplateLibrary templates, ServerAddresses addresses)
{
    public const string NetbootTemplate = "netboot";
    public const string LocalTemplate = "local";
    public const string XlCfgTemplate = "xl.cfg";

    public TemplateLibrary Templates => templates;

    /// <param name="mac">The MAC that asked; null for the machine's first.</param>
    /// <param name="answerFile">For answers: null (the answer file), or a cloud-init NoCloud file (user-data, meta-data, vendor-data).</param>
    /// <param name="client">The machine's source address, when it is asking itself.</param>
    /// <param name="local">The local address its request arrived on, when known.</param>
    /// <param name="httpBase">The base URL the machine used to reach us (an HTTP request's Host), when known.</param>
    public async Task<RenderOutcome> RenderAsync(Machine machine, string? mac, RenderKind kind, IPAddress? client, IPAddress? local,
        CancellationToken cancellationToken, string? answerFile = null, string? httpBase = null)
    {
        var chain = await store.GetProfileChainAsync(machine.Profile, cancellationToken);
        if (chain.Count == 0)
            return RenderOutcome.Failed($"machine '{machine.Name}': profile '{machine.Profile}' does not exist");
        if (ProfileChain.Resolve(chain, out var chainError) is not { } profile)
            return RenderOutcome.Failed(chainError);
        if (await store.GetDistroAsync(profile.Distro, cancellationToken) is not { } distro)
            return RenderOutcome.Failed($"profile '{profile.Name}': distro '{profile.Distro}' does not exist");

        var askingMac = mac ?? machine.Macs[0];
        var address = machine.Ip ?? await leases.FindAddressAsync(askingMac, cancellationToken);
        var server = addresses.ServerAddress(client ?? address, local);
        var subject = new RenderSubject(machine, askingMac, profile, distro, address, server, httpBase ?? addresses.HttpBase(client ?? address, local));

        var folder = RenderKinds.Folder(kind);
        string name;
        var isLocal = false;
        switch (kind)
        {
            case RenderKind.Answer:
                var answer = profile.AnswerTemplate ?? DistroBreed.DefaultAnswerTemplate(distro.Breed);
                if (answer is null)
                    return RenderOutcome.NothingToServe($"profile '{profile.Name}' names no answer template and distro '{distro.Name}' is breed {distro.Breed}");
                name = answerFile switch
                {
                    null or "user-data" => answer,
                    "meta-data" or "vendor-data" => answerFile,
                    _ => "",
                };
                if (name.Length == 0)
                    return RenderOutcome.NothingToServe($"no answer file '{answerFile}'");
                break;
            case RenderKind.XlCfg:
                // Caught here, before xl create: a domU whose kernel Xen cannot boot fails obscurely.
                var type = profile.Xen.Type ?? "pv";
                if (distro.Xen is { Decided: true } xen && (type == "pvh" ? !xen.Pvh : !xen.Pv))
                    return RenderOutcome.Failed($"distro '{distro.Name}': kernel {distro.Kernel} cannot boot as a Xen {type.ToUpperInvariant()} domU ({xen.Format}: {xen.Reason ?? "no Xen entry point"})");
                name = profile.MenuTemplates.GetValueOrDefault(RenderKinds.MenuKey(kind), XlCfgTemplate);
                break;
            default:
                isLocal = !machine.Netboot;
                name = isLocal ? LocalTemplate : profile.MenuTemplates.GetValueOrDefault(RenderKinds.MenuKey(kind), NetbootTemplate);
                break;
        }
        return Render(folder, name, RenderContextBuilder.Build(subject), isLocal);
    }

    /// <summary>The menu for a MAC that is not registered: the <c>local</c> template (boot from disk).</summary>
    public RenderOutcome RenderUnregistered(RenderKind kind, string? mac, IPAddress? client, IPAddress? local, string? httpBase = null)
    {
        var http = httpBase ?? addresses.HttpBase(client, local);
        var context = new ScriptObject
        {
            ["machine"] = new ScriptObject
            {
                ["name"] = null, ["mac"] = mac, ["mac_dashed"] = mac is null ? null : MacAddress.ToDashed(mac),
                ["hostname"] = null, ["ip"] = client?.ToString(), ["netboot"] = false,
            },
            ["server"] = new ScriptObject { ["ip"] = addresses.ServerAddress(client, local).ToString(), ["http"] = http },
            ["urls"] = new ScriptObject { ["files"] = http + BootUrls.FilesPrefix },
            ["boot"] = new ScriptObject { ["local"] = true, ["kernel_args"] = "", ["answer_arg"] = "" },
        };
        var vars = new ScriptObject();
        context["vars"] = vars;
        RenderContextBuilder.AddVarFunction(context, vars);
        return Render(RenderKinds.Folder(kind), LocalTemplate, context, local: true);
    }

    private RenderOutcome Render(string folder, string name, ScriptObject context, bool local)
    {
        try
        {
            return RenderOutcome.Rendered(templates.Render(folder, name, context), $"{folder}/{name}", local);
        }
        catch (TemplateNotFoundException e)
        {
            return RenderOutcome.Failed(e.Message);
        }
        catch (TemplateRenderException e)
        {
            return RenderOutcome.Failed(e.Message);
        }
    }
}
