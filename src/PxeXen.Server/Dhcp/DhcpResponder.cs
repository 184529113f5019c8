using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using PxeXen.Boot.Dhcp;
using PxeXen.Inventory.Events;
using PxeXen.Inventory.Machines;
using PxeXen.Protocol.Dhcp;

namespace PxeXen.Server.Dhcp;

/// <summary>
/// Request in, response out (RFC 2131 §4.3), no sockets: the lease pool in memory, the machine
/// directory and the boot decision are its only inputs. Lease writes are returned, not performed,
/// so the caller can group-commit them before any ACK leaves.
/// </summary>
internal sealed partial class DhcpResponder(
    DhcpRuntime runtime,
    LeasePool pool,
    IMachineDirectory machines,
    IBootEventSink events,
    TimeProvider clock,
    ILogger<DhcpResponder> logger)
{
    private DhcpSettings Settings => runtime.Settings;

    public async ValueTask<DhcpResponse> RespondAsync(DhcpMessage request, DhcpArrival arrival, CancellationToken cancellationToken)
    {
        if (request.Op != DhcpOp.BootRequest || request.HardwareLength is 0 or > 16)
            return DhcpResponse.None;
        var type = request.MessageType;
        if (type == DhcpMessageType.None)
            return DhcpResponse.None; // BOOTP without DHCP: not served
        var mac = request.ClientMac;
        var machine = await machines.FindByMacAsync(mac, cancellationToken);
        if (Settings.Mode == DhcpMode.Proxy || arrival.OnProxyPort)
            return RespondAsProxy(request, arrival, mac, machine);
        return type switch
        {
            DhcpMessageType.Discover => Discover(request, arrival, mac, machine),
            DhcpMessageType.Request => Request(request, arrival, mac, machine),
            DhcpMessageType.Decline => Decline(request, mac),
            DhcpMessageType.Release => Release(request, mac),
            DhcpMessageType.Inform => Inform(request, arrival, mac, machine),
            _ => DhcpResponse.None,
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per packet: optimised from the first DHCP storm after start, not tier 0
    private DhcpResponse Discover(DhcpMessage request, DhcpArrival arrival, string mac, Machine? machine)
    {
        var decision = Decide(request, arrival, mac, machine);
        events.Record(mac, BootStage.DhcpDiscover, Detail(request));
        if (decision.Action == BootAction.Ignore)
        {
            DhcpLog.UnknownIgnored(logger, mac, request.TransactionId);
            return DhcpResponse.None;
        }
        var subnet = SubnetOf(request, arrival);
        if (subnet is null)
        {
            DhcpLog.NoSubnet(logger, mac, request.GatewayAddress, arrival.LocalAddress);
            return DhcpResponse.None;
        }
        var now = clock.GetUtcNow();
        var address = pool.Choose(subnet, mac, FixedAddress(machine), Ipv4OrNull(request.Options.RequestedAddress), machine is not null, now);
        if (address is null)
        {
            DhcpLog.PoolExhausted(logger, mac, subnet.Cidr);
            return DhcpResponse.None;
        }
        pool.Offer(address.Value, mac, now.AddSeconds(Settings.OfferHoldSeconds));
        var offer = BuildReply(request, DhcpMessageType.Offer, arrival, subnet, address.Value, machine, decision);
        // Unknown MACs are recorded once per DISCOVER (for the seen list), not per step: a flood of
        // random MACs must not turn into three event writes per exchange.
        if (machine is not null)
            events.Record(mac, BootStage.DhcpOffer, $"{Ipv4.ToAddress(address.Value)} {decision.BootFile}");
        return new DhcpResponse(offer);
    }

    private BootDecision Decide(DhcpMessage request, DhcpArrival arrival, string mac, Machine? machine)
    {
        var options = request.Options;
        var query = new BootQuery(mac, options.ClientArchitecture, options.UserClasses, options.VendorClass, options.HasIpxeOptions);
        return BootFileSelector.Decide(query, machine, Settings.Boot, ServerIdentifier(arrival).ToString());
    }

    private DhcpSubnet? SubnetOf(DhcpMessage request, DhcpArrival arrival)
    {
        // RFC 2131 §4.3.1: giaddr names the client's subnet when relayed, else the arriving interface.
        var giaddr = Ipv4.ToUInt32(request.GatewayAddress);
        return runtime.SubnetFor(giaddr != 0 ? giaddr : Ipv4.ToUInt32(arrival.LocalAddress));
    }

    private IPAddress ServerIdentifier(DhcpArrival arrival) => runtime.ServerAddress ?? arrival.LocalAddress;

    private static uint? FixedAddress(Machine? machine) => machine?.Ip is { } ip ? Ipv4.ToUInt32(ip) : null;

    private static uint? Ipv4OrNull(IPAddress? address) => address is null ? null : Ipv4.ToUInt32(address) is var v && v != 0 ? v : null;

    private static string Detail(DhcpMessage request)
    {
        var o = request.Options;
        return $"arch={o.ClientArchitecture?.ToString() ?? "-"} userClass={string.Join(',', o.UserClasses)} vendorClass={o.VendorClass ?? "-"}";
    }
}
