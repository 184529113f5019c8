using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using PxeXen.Boot.Dhcp;
using PxeXen.Boot.Rendering;
using PxeXen.Inventory.Events;
using PxeXen.Inventory.Machines;
using PxeXen.Inventory.Naming;
using PxeXen.Inventory.Store;

namespace PxeXen.Boot.Files;

/// <summary>
/// Per-machine configs that exist only when asked for, in the names bootloaders look for:
/// PXELINUX <c>pxelinux.cfg/01-&lt;mac&gt;</c>, <c>pxelinux.cfg/&lt;HEXIP&gt;</c>, <c>pxelinux.cfg/default</c>;
/// GRUB 2 (grub_net_search_config_file) <c>grub.cfg-01-&lt;mac&gt;</c>, <c>grub.cfg-&lt;HEXIP&gt;</c>, <c>grub.cfg</c>.
/// A file on disk with the name of a fallback (<c>default</c>, <c>grub.cfg</c>) wins over rendering it.
/// </summary>
public sealed class GeneratedBootFiles(
    IInventoryStore store,
    ILeaseAddresses leases,
    MachineRenderer renderer,
    IBootEventSink events,
    BootRenderOptions options,
    ILogger<GeneratedBootFiles> logger,
    UnregisteredMachines? unregistered = null) : IGeneratedFileSource
{
    private readonly UnregisteredMachines _unregistered = unregistered ?? UnregisteredMachines.None;

    private const string PxelinuxDirectory = "pxelinux.cfg";
    private const string GrubConfig = "grub.cfg";

    public async ValueTask<GeneratedFile?> TryGetAsync(BootFileRequest request, CancellationToken cancellationToken)
    {
        var path = request.Path.Replace('\\', '/').TrimStart('/');
        var slash = path.LastIndexOf('/');
        var directory = slash < 0 ? "" : path[..slash];
        var file = slash < 0 ? path : path[(slash + 1)..];
        var client = request.Client.IsIPv4MappedToIPv6 ? request.Client.MapToIPv4() : request.Client;

        if (directory == PxelinuxDirectory || directory.EndsWith("/" + PxelinuxDirectory, StringComparison.Ordinal))
            return await ResolveAsync(request, RenderKind.Pxelinux, file, client, fallback: file == "default", cancellationToken);
        if (file == GrubConfig)
            return await ResolveAsync(request, RenderKind.Grub, "", client, fallback: true, cancellationToken);
        if (file.StartsWith(GrubConfig + "-", StringComparison.Ordinal))
            return await ResolveAsync(request, RenderKind.Grub, file[(GrubConfig.Length + 1)..], client, fallback: false, cancellationToken);
        return null;
    }

    /// <param name="key">"01-aa-bb-..", an 8-digit hex IP, or "" (whoever the client is).</param>
    private async Task<GeneratedFile?> ResolveAsync(BootFileRequest request, RenderKind kind, string key, IPAddress client, bool fallback, CancellationToken cancellationToken)
    {
        Machine? machine = null;
        string? mac = null;
        if (key.StartsWith("01-", StringComparison.OrdinalIgnoreCase))
        {
            // ARP type 1 (Ethernet) prefix, then the MAC with dashes (PXELINUX and GRUB alike).
            if (!MacAddress.TryNormalize(key[3..], out var m))
                return null;
            mac = m;
            machine = await store.FindMachineByMacAsync(m, cancellationToken);
        }
        else if (key.Length == 8 && uint.TryParse(key, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            // Only the full address: PXELINUX's shorter prefixes mean "a subnet", which is the operator's file.
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, hex);
            (machine, mac) = await FindByAddressAsync(new IPAddress(bytes), cancellationToken);
        }
        else if (key.Length == 0 && !fallback)
        {
            return null;
        }
        else if (key.Length == 0 || key == "default")
        {
            (machine, mac) = await FindByAddressAsync(client, cancellationToken);
        }
        else
        {
            return null;
        }

        if (machine is null && _unregistered.StandIn(mac) is { } standIn)
            return Deliver(request, await renderer.RenderAsync(standIn, mac, kind, client, null, cancellationToken), mac, registered: false);
        if (machine is null)
        {
            if (!fallback || File.Exists(Path.Combine(options.BootImagesDirectory, request.Path)))
                return null;
            var unregistered = renderer.RenderUnregistered(kind, mac, client, null);
            return Deliver(request, unregistered, mac, registered: false);
        }
        var outcome = await renderer.RenderAsync(machine, mac, kind, client, null, cancellationToken);
        return Deliver(request, outcome, mac ?? machine.Macs[0], registered: true);
    }

    private async Task<(Machine?, string?)> FindByAddressAsync(IPAddress address, CancellationToken cancellationToken)
    {
        if (await store.FindMachineByIpAsync(address, cancellationToken) is { } fixedIp)
            return (fixedIp, fixedIp.Macs[0]);
        if (await leases.FindMacAsync(address, cancellationToken) is { } leased)
            return (await store.FindMachineByMacAsync(leased, cancellationToken), leased);
        return (null, null);
    }

    private GeneratedFile? Deliver(BootFileRequest request, RenderOutcome outcome, string? mac, bool registered)
    {
        if (!outcome.Succeeded)
        {
            // Never an empty or half-rendered file: the client gets "not found" and the log says why.
            GeneratedFilesLog.RenderFailed(logger, request.Path, mac ?? "-", outcome.Error ?? "");
            return null;
        }
        if (registered && outcome.Local && mac is not null)
            events.Record(mac, BootStage.LocalBoot, $"{request.Transport} {request.Path}");
        return new GeneratedFile(request.Path, Encoding.UTF8.GetBytes(outcome.Text!), mac);
    }
}
