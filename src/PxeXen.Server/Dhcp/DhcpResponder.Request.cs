using System.Runtime.CompilerServices;
using PxeXen.Boot.Dhcp;
using PxeXen.Inventory.Events;
using PxeXen.Inventory.Leases;
using PxeXen.Inventory.Machines;
using PxeXen.Protocol.Dhcp;

namespace PxeXen.Server.Dhcp;

internal sealed partial class DhcpResponder
{
    /// <summary>RFC 2131 §4.3.2: SELECTING, INIT-REBOOT, RENEWING and REBINDING, told apart by 54, 50 and ciaddr.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per packet: optimised from the first DHCP storm after start, not tier 0
    private DhcpResponse Request(DhcpMessage request, DhcpArrival arrival, string mac, Machine? machine)
    {
        var now = clock.GetUtcNow();
        var serverId = request.Options.ServerIdentifier;
        var requested = Ipv4OrNull(request.Options.RequestedAddress);
        var ciaddr = Ipv4.ToUInt32(request.ClientAddress);
        var decision = Decide(request, arrival, mac, machine);
        if (decision.Action == BootAction.Ignore)
            return DhcpResponse.None;
        var subnet = SubnetOf(request, arrival);

        uint address;
        if (serverId is not null)
        {
            // SELECTING: the client chose a server; when it is not us, our offer is void.
            if (!serverId.Equals(ServerIdentifier(arrival)))
            {
                if (requested is { } other)
                    pool.Forget(other, mac);
                return DhcpResponse.None;
            }
            if (requested is null || subnet is null || !subnet.Contains(requested.Value))
                return Nak(request, arrival, "requested address missing or not on this subnet");
            address = requested.Value;
        }
        else if (requested is { } asked && ciaddr == 0)
        {
            // INIT-REBOOT: the client remembers an address; NAK it when wrong for this network.
            if (subnet is null || !subnet.Contains(asked))
                return Nak(request, arrival, "address not on this network");
            var holder = pool.HolderOf(asked, now);
            if (holder is null && !subnet.InPool(asked) && FixedAddress(machine) != asked)
                return DhcpResponse.None; // RFC 2131 §4.3.2: no record of this client, stay silent
            address = asked;
        }
        else if (ciaddr != 0)
        {
            // RENEWING (unicast) or REBINDING (broadcast): extend the lease on ciaddr.
            subnet ??= runtime.SubnetFor(ciaddr);
            if (subnet is null || !subnet.Contains(ciaddr))
                return request.Broadcast ? DhcpResponse.None : Nak(request, arrival, "address not on this network");
            address = ciaddr;
        }
        else
        {
            return Nak(request, arrival, "REQUEST without server identifier, requested address or ciaddr");
        }

        var fixedAddress = FixedAddress(machine);
        if (fixedAddress is { } f && f != address && subnet.Contains(f))
            return Nak(request, arrival, $"machine {machine!.Name} has the fixed address {Ipv4.ToAddress(f)}");
        if (fixedAddress != address && !subnet.InPool(address) && !pool.IsBoundTo(address, mac, now))
            return Nak(request, arrival, "address is outside the pools");
        if (fixedAddress != address && IsRegisteredOnlyFor(subnet, address, machine))
            return Nak(request, arrival, "address is in a pool for registered machines");
        var expires = now.AddSeconds(subnet.LeaseTime);
        var previous = pool.BoundAddressOf(mac, now);
        if (!pool.TryBind(address, mac, expires, now))
            return Nak(request, arrival, $"address {Ipv4.ToAddress(address)} is held by another client");

        var ack = BuildReply(request, DhcpMessageType.Ack, arrival, subnet, address, machine, decision);
        var lease = new Lease
        {
            Mac = mac,
            Address = Ipv4.ToAddress(address),
            ClientId = request.Options.ClientIdentifier.IsEmpty ? null : Convert.ToHexString(request.Options.ClientIdentifier).ToLowerInvariant(),
            Hostname = request.Options.HostName,
            Expires = expires,
            Updated = now,
        };
        if (machine is not null)
            events.Record(mac, BootStage.DhcpAck, $"{lease.Address} {decision.BootFile}");
        var replaces = previous is { } p && p != address ? Ipv4.ToAddress(p) : null;
        return new DhcpResponse(ack, new LeaseChange(LeaseChangeKind.Bind, lease, replaces), () => NakMessage(request, arrival, "address taken by another server"));
    }

    private static bool IsRegisteredOnlyFor(DhcpSubnet subnet, uint address, Machine? machine) =>
        machine is null && subnet.Ranges.Any(r => r.RegisteredOnly && r.Contains(address));

    /// <summary>RFC 2131 §4.3.3: the address is in use elsewhere; keep it out of the pool.</summary>
    private DhcpResponse Decline(DhcpMessage request, string mac)
    {
        if (Ipv4OrNull(request.Options.RequestedAddress) is not { } address)
            return DhcpResponse.None;
        var until = clock.GetUtcNow().AddSeconds(Settings.DeclineQuarantineSeconds);
        if (!pool.Decline(address, mac, until))
            return DhcpResponse.None;
        DhcpLog.Declined(logger, mac, Ipv4.ToAddress(address));
        var lease = new Lease { Mac = mac, Address = Ipv4.ToAddress(address), Expires = until, Updated = clock.GetUtcNow() };
        return new DhcpResponse(null, new LeaseChange(LeaseChangeKind.Decline, lease));
    }

    /// <summary>RFC 2131 §4.3.4: ciaddr goes back to the pool; no reply.</summary>
    private DhcpResponse Release(DhcpMessage request, string mac)
    {
        var address = Ipv4.ToUInt32(request.ClientAddress);
        if (address == 0 || !pool.Release(address, mac))
            return DhcpResponse.None;
        var now = clock.GetUtcNow();
        var lease = new Lease { Mac = mac, Address = request.ClientAddress, Expires = now, Updated = now };
        return new DhcpResponse(null, new LeaseChange(LeaseChangeKind.Release, lease));
    }

    /// <summary>RFC 2131 §4.3.5: configuration only, sent to ciaddr; no lease, no lease time, no yiaddr.</summary>
    private DhcpResponse Inform(DhcpMessage request, DhcpArrival arrival, string mac, Machine? machine)
    {
        var ciaddr = Ipv4.ToUInt32(request.ClientAddress);
        var subnet = runtime.SubnetFor(ciaddr) ?? SubnetOf(request, arrival);
        if (subnet is null)
            return DhcpResponse.None;
        var decision = Decide(request, arrival, mac, machine);
        var ack = BuildReply(request, DhcpMessageType.Ack, arrival, subnet, null, machine, decision);
        return new DhcpResponse(ack);
    }

    private DhcpResponse Nak(DhcpMessage request, DhcpArrival arrival, string reason)
    {
        DhcpLog.Nak(logger, request.ClientMac, request.TransactionId, reason);
        return new DhcpResponse(NakMessage(request, arrival, reason));
    }

    private DhcpMessage NakMessage(DhcpMessage request, DhcpArrival arrival, string reason)
    {
        var nak = request.CreateReply(DhcpMessageType.Nak);
        nak.Options.SetAddress(DhcpOptionCode.ServerIdentifier, ServerIdentifier(arrival));
        nak.Options.SetString(DhcpOptionCode.Message, reason);
        return nak;
    }
}
