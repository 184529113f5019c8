using System.Net;
using Microsoft.Extensions.Options;
using PxeXen.Boot.Dhcp;
using PxeXen.Boot.Files;
using PxeXen.Boot.Rendering;
using PxeXen.Inventory.Events;
using PxeXen.Inventory.Machines;
using PxeXen.Inventory.Naming;
using PxeXen.Inventory.Store;

namespace PxeXen.Server.Http;

/// <summary>
/// What booting machines fetch over HTTP (paths in <see cref="BootUrls"/>): the iPXE script,
/// kernels and initrds (Range requests), answer files, and the install-complete callback.
/// No token: firmware and installers cannot hold one. Every stage records a boot event.
/// </summary>
public static class BootEndpoints
{
    public static IEndpointRouteBuilder MapPxeXenHttp(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ipxe", IpxeAsync);
        app.MapGet("/ipxe/{mac}", IpxeAsync);
        app.MapMethods("/boot-images/{**path}", [HttpMethods.Get, HttpMethods.Head], FileAsync);
        app.MapGet("/answers/{mac}", AnswerAsync);
        app.MapGet("/answers/{mac}/{file}", AnswerAsync);
        // POST from curl in %post/late-commands; GET too, for installers whose wget cannot POST.
        app.MapMethods("/installed/{mac}", [HttpMethods.Post, HttpMethods.Get], InstalledAsync);
        return app;
    }

    private static async Task<IResult> IpxeAsync(HttpContext http, string? mac, IInventoryStore store, ILeaseAddresses leases,
        MachineRenderer renderer, UnregisteredMachines unregistered, IBootEventSink events, BootRenderOptions options, ILogger<BootImageFiles> logger, CancellationToken ct)
    {
        var (machine, normalized, error) = await IdentifyAsync(http, mac, store, leases, ct);
        if (error is not null)
            return error;
        var client = Client(http);
        var served = machine ?? unregistered.StandIn(normalized);
        var outcome = served is null
            ? renderer.RenderUnregistered(RenderKind.Ipxe, normalized, client, Local(http), HttpBase(http, options))
            : await renderer.RenderAsync(served, normalized, RenderKind.Ipxe, client, Local(http), ct, httpBase: HttpBase(http, options));
        if (normalized is not null)
        {
            events.Record(normalized, BootStage.HttpFile, $"{http.Request.Path} userClass=iPXE");
            if (machine is not null && outcome.Local)
                events.Record(normalized, BootStage.LocalBoot, "ipxe");
        }
        return Text(outcome, http, normalized, logger);
    }

    private static async Task<IResult> FileAsync(HttpContext http, string path, IGeneratedFileSource generated, BootImageFiles files,
        IInventoryStore store, ILeaseAddresses leases, IBootEventSink events, CancellationToken ct)
    {
        var client = Client(http);
        // A HEAD (size or existence check before the GET) is not a step of the boot.
        var fetch = !HttpMethods.IsHead(http.Request.Method);
        var generatedFile = await generated.TryGetAsync(new BootFileRequest(path, client, "http"), ct);
        if (generatedFile is not null)
        {
            if (generatedFile.Mac is not null && fetch)
                events.Record(generatedFile.Mac, BootStage.HttpFile, path);
            return Results.Bytes(generatedFile.Content.ToArray(), "text/plain; charset=utf-8");
        }
        if (files.Resolve(path) is not { } full)
            return Results.NotFound();
        // Only the first request of a transfer counts; installers fetch initrds in many ranges.
        if (fetch && (http.Request.Headers.Range.Count == 0 || http.Request.Headers.Range.ToString().StartsWith("bytes=0-", StringComparison.Ordinal)))
        {
            var (machine, _, _) = await IdentifyAsync(http, null, store, leases, ct);
            if (machine is not null)
                events.Record(machine.Macs[0], BootStage.HttpFile, path);
        }
        return Results.File(full, "application/octet-stream", enableRangeProcessing: true);
    }

    private static async Task<IResult> AnswerAsync(HttpContext http, string mac, string? file, IInventoryStore store,
        MachineRenderer renderer, UnregisteredMachines unregistered, IBootEventSink events, BootRenderOptions options, ILogger<BootImageFiles> logger, CancellationToken ct)
    {
        if (!MacAddress.TryNormalize(mac, out var normalized))
            return Results.Text($"'{mac}' is not a MAC address\n", statusCode: StatusCodes.Status400BadRequest);
        if ((await store.FindMachineByMacAsync(normalized, ct) ?? unregistered.StandIn(normalized)) is not { } machine)
            return Results.Text($"{normalized} is not registered\n", statusCode: StatusCodes.Status404NotFound);
        var outcome = await renderer.RenderAsync(machine, normalized, RenderKind.Answer, Client(http), Local(http), ct, file, HttpBase(http, options));
        if (outcome.Succeeded)
            events.Record(normalized, BootStage.AnswerFile, file is null ? outcome.Template : $"{outcome.Template} {file}");
        return Text(outcome, http, normalized, logger);
    }

    /// <summary>
    /// The install-complete callback. Tokenless (the installer runs on the machine, which holds no
    /// API token; docs/api.md), so it can do one thing only: turn netboot off for a registered MAC.
    /// Never on, never for an unknown MAC; when netboot is already off it writes nothing and records
    /// no event, so repeating it (or a flood of it) costs one read, like any other boot request.
    /// </summary>
    private static async Task<IResult> InstalledAsync(HttpContext http, string mac, IInventoryStore store, IBootEventSink events, ILogger<BootImageFiles> logger, CancellationToken ct)
    {
        if (!MacAddress.TryNormalize(mac, out var normalized))
            return Results.Text($"'{mac}' is not a MAC address\n", statusCode: StatusCodes.Status400BadRequest);
        if (await store.FindMachineByMacAsync(normalized, ct) is not { } machine)
            return Results.Text($"{normalized} is not registered\n", statusCode: StatusCodes.Status404NotFound);
        if (!machine.Netboot)
            return Results.Text($"{machine.Name}: netboot already off (next boot is local)\n");
        var result = await store.SetNetbootAsync(machine.Name, false, ct);
        if (!result.Succeeded)
            return Results.Text(result.Error + "\n", statusCode: StatusCodes.Status404NotFound);
        events.Record(normalized, BootStage.Installed, $"from {Client(http)}");
        HttpLog.Installed(logger, machine.Name, normalized, Client(http).ToString());
        return Results.Text($"{machine.Name}: installed, netboot off (next boot is local)\n");
    }

    /// <summary>The machine by the MAC in the URL, else by the client's address (fixed IP, then lease).</summary>
    private static async Task<(Machine? Machine, string? Mac, IResult? Error)> IdentifyAsync(HttpContext http, string? mac, IInventoryStore store, ILeaseAddresses leases, CancellationToken ct)
    {
        if (mac is not null)
        {
            if (!MacAddress.TryNormalize(mac, out var normalized))
                return (null, null, Results.Text($"'{mac}' is not a MAC address\n", statusCode: StatusCodes.Status400BadRequest));
            return (await store.FindMachineByMacAsync(normalized, ct), normalized, null);
        }
        var client = Client(http);
        if (await store.FindMachineByIpAsync(client, ct) is { } byIp)
            return (byIp, byIp.Macs[0], null);
        if (await leases.FindMacAsync(client, ct) is { } leased)
            return (await store.FindMachineByMacAsync(leased, ct), leased, null);
        return (null, null, null);
    }

    private static IResult Text(RenderOutcome outcome, HttpContext http, string? mac, ILogger logger)
    {
        if (outcome.Succeeded)
            return Results.Text(outcome.Text!, "text/plain; charset=utf-8");
        if (outcome.Missing)
            return Results.Text(outcome.Error + "\n", statusCode: StatusCodes.Status404NotFound);
        // The operator reads this in the client's console and in the log: which template broke and where.
        HttpLog.RenderFailed(logger, http.Request.Path, mac ?? "-", outcome.Error ?? "");
        return Results.Text(outcome.Error + "\n", statusCode: StatusCodes.Status500InternalServerError);
    }

    private static IPAddress Client(HttpContext http)
    {
        var remote = http.Connection.RemoteIpAddress ?? IPAddress.Loopback;
        return remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
    }

    private static IPAddress? Local(HttpContext http) => http.Connection.LocalIpAddress is { } local && local.IsIPv4MappedToIPv6 ? local.MapToIPv4() : http.Connection.LocalIpAddress;

    /// <summary>Http:BaseUrl, else the scheme and Host the machine itself used to reach us.</summary>
    private static string HttpBase(HttpContext http, BootRenderOptions options) =>
        !string.IsNullOrWhiteSpace(options.HttpBaseUrl) ? options.HttpBaseUrl.TrimEnd('/') : $"{http.Request.Scheme}://{http.Request.Host}";
}
