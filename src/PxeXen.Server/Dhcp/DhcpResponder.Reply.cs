using System.Net;
using System.Runtime.CompilerServices;
using PxeXen.Boot.Dhcp;
using PxeXen.Inventory.Events;
using PxeXen.Inventory.Machines;
using PxeXen.Protocol.Dhcp;

namespace PxeXen.Server.Dhcp;

internal sealed partial class DhcpResponder
{
    /// <summary>OFFER or ACK (RFC 2131 §4.3.1 table 3) with the subnet's options and the boot decision.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per packet: optimised from the first DHCP storm after start, not tier 0
    private DhcpMessage BuildReply(DhcpMessage request, DhcpMessageType type, DhcpArrival arrival, DhcpSubnet subnet, uint? address,
        Machine? machine, BootDecision decision)
    {
        var reply = request.CreateReply(type);
        var options = reply.Options;
        options.SetAddress(DhcpOptionCode.ServerIdentifier, ServerIdentifier(arrival));
        if (address is { } a)
        {
            reply.YourAddress = Ipv4.ToAddress(a);
            options.SetUInt32(DhcpOptionCode.LeaseTime, subnet.LeaseTime);
            options.SetUInt32(DhcpOptionCode.RenewalTime, subnet.RenewalTime);
            options.SetUInt32(DhcpOptionCode.RebindingTime, subnet.RebindingTime);
        }
        else
        {
            // INFORM: the client already has ciaddr (RFC 2131 §4.3.5).
            reply.ClientAddress = request.ClientAddress;
        }
        options.SetAddress(DhcpOptionCode.SubnetMask, machine?.Netmask ?? subnet.SubnetMask);
        var router = machine?.Gateway ?? subnet.Router;
        if (router is not null)
            options.SetAddress(DhcpOptionCode.Router, router);
        if (subnet.DnsServers.Count > 0)
            options.SetAddresses(DhcpOptionCode.DomainNameServer, subnet.DnsServers);
        var hostname = machine?.Hostname ?? machine?.Name;
        if (hostname is not null)
            options.SetString(DhcpOptionCode.HostName, hostname);
        if (subnet.DomainName is not null)
            options.SetString(DhcpOptionCode.DomainName, subnet.DomainName);
        AddBoot(reply, arrival, decision);
        return reply;
    }

    /// <summary>siaddr, file (or option 67 when longer than the field) and option 60 for PXE/HTTP clients.</summary>
    private void AddBoot(DhcpMessage reply, DhcpArrival arrival, BootDecision decision)
    {
        if (decision.Action != BootAction.NetBoot || decision.BootFile is not { } file)
            return;
        var next = runtime.NextServer ?? ServerIdentifier(arrival);
        reply.ServerAddress = next;
        if (file.Length < DhcpLayout.FileLength)
            reply.BootFileName = file;
        // Option 67 too: UEFI HTTP boot and some iPXE builds read only the option, PXE ROMs only the field.
        reply.Options.SetString(DhcpOptionCode.BootFileName, file);
        reply.Options.SetString(DhcpOptionCode.TftpServerName, next.ToString());
        if (decision.VendorClass is { } vendor)
            reply.Options.SetString(DhcpOptionCode.VendorClassIdentifier, vendor);
    }

    /// <summary>
    /// proxyDHCP (PXE 2.1 §2.2.3, as dnsmasq and pixiecore do it): answer only PXE/HTTP firmware and
    /// iPXE, with yiaddr 0 and only the boot fields; the site's DHCP server gives the address.
    /// </summary>
    private DhcpResponse RespondAsProxy(DhcpMessage request, DhcpArrival arrival, string mac, Machine? machine)
    {
        var type = request.MessageType;
        if (type is not (DhcpMessageType.Discover or DhcpMessageType.Request or DhcpMessageType.Inform))
            return DhcpResponse.None;
        var options = request.Options;
        var query = new BootQuery(mac, options.ClientArchitecture, options.UserClasses, options.VendorClass, options.HasIpxeOptions);
        if (!query.IsPxeClient && !query.IsHttpClient && !query.IsIpxe && !query.IsXenHelper)
            return DhcpResponse.None;
        if (type == DhcpMessageType.Request && !arrival.OnProxyPort && options.ServerIdentifier is { } id && !id.Equals(ServerIdentifier(arrival)))
            return DhcpResponse.None; // the client is requesting its address from the real DHCP server
        var decision = BootFileSelector.Decide(query, machine, Settings.Boot, ServerIdentifier(arrival).ToString());
        if (type == DhcpMessageType.Discover)
            events.Record(mac, BootStage.DhcpDiscover, Detail(request));
        if (decision.Action != BootAction.NetBoot)
            return DhcpResponse.None;
        var reply = request.CreateReply(type == DhcpMessageType.Discover ? DhcpMessageType.Offer : DhcpMessageType.Ack);
        reply.Options.SetAddress(DhcpOptionCode.ServerIdentifier, ServerIdentifier(arrival));
        reply.YourAddress = IPAddress.Any;
        reply.ClientAddress = request.ClientAddress;
        AddBoot(reply, arrival, decision);
        // PXE clients need option 60 "PXEClient" to accept a proxy offer without an address.
        if (!reply.Options.Contains(DhcpOptionCode.VendorClassIdentifier))
            reply.Options.SetString(DhcpOptionCode.VendorClassIdentifier, "PXEClient");
        // The UUID (97) is echoed: PXE 2.1 §2.2.5 asks the proxy server to return it.
        if (request.Options.TryGet(DhcpOptionCode.ClientMachineId, out var uuid))
            reply.Options.Set(DhcpOptionCode.ClientMachineId, uuid);
        events.Record(mac, type == DhcpMessageType.Discover ? BootStage.DhcpOffer : BootStage.DhcpAck, decision.BootFile);
        return new DhcpResponse(reply);
    }
}
