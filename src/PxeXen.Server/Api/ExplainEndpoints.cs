using System.Net;
using Microsoft.Extensions.Options;
using PxeXen.Boot.Dhcp;
using PxeXen.Inventory.Leases;
using PxeXen.Inventory.Machines;
using PxeXen.Protocol.Dhcp;
using PxeXen.Server.Dhcp;

namespace PxeXen.Server.Api;

/// <summary>
/// GET /api/v1/explain?mac=&amp;arch=&amp;userClass=&amp;vendorClass= : the DHCP boot decision for a
/// client that would ask like that, step by step (what <c>pxexen explain</c> prints).
/// </summary>
public static class ExplainEndpoints
{
    public sealed record Step(string Rule, string Outcome);

    public sealed record Explanation(string Mac, bool Registered, string? Machine, string? Profile, string Mode, string Action,
        string? BootFile, string? VendorClass, IReadOnlyList<Step> Steps, IReadOnlyList<LeaseEndpoints.LeaseDocument> Leases);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/explain", async (HttpContext http, string? mac, string? arch, string? userClass, string? vendorClass,
            IMachineDirectory machines, ILeaseStore leases, IOptions<DhcpSettings> settings, TimeProvider clock, CancellationToken ct) =>
        {
            if (mac is null || MacAddress.Normalise(mac) is not { } normalised)
                return ApiJson.Error(StatusCodes.Status400BadRequest, $"'{mac}' is not a MAC address (aa:bb:cc:dd:ee:ff)", "mac");
            ushort? architecture = null;
            if (!string.IsNullOrEmpty(arch))
            {
                if (!ushort.TryParse(arch, out var a))
                    return ApiJson.Error(StatusCodes.Status400BadRequest, $"'{arch}' is not an option 93 architecture (0-65535)", "arch");
                architecture = a;
            }
            var classes = string.IsNullOrEmpty(userClass) ? [] : userClass.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var machine = await machines.FindByMacAsync(normalised, ct);
            var dhcp = settings.Value;
            var server = dhcp.ServerAddress is { Length: > 0 } configured ? configured
                : http.Connection.LocalIpAddress is { } local ? (local.IsIPv4MappedToIPv6 ? local.MapToIPv4() : local).ToString() : IPAddress.Loopback.ToString();
            var decision = BootFileSelector.Decide(new BootQuery(normalised, architecture, classes, vendorClass), machine, dhcp.Boot, server);
            var now = clock.GetUtcNow();
            var held = (await leases.ListAsync(normalised, null, ct)).Select(l => LeaseEndpoints.ToDocument(l, now)).ToList();
            return ApiJson.Ok(new Explanation(normalised, decision.Registered, machine?.Name, decision.Profile, dhcp.Mode.ToString(),
                decision.Action.ToString(), decision.BootFile, decision.VendorClass,
                decision.Steps.Select(s => new Step(s.Rule, s.Outcome)).ToList(), held));
        });
    }
}
