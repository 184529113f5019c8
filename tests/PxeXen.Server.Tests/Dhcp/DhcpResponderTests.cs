using System.Net;
using PxeXen.Inventory.Events;
using PxeXen.Inventory.Leases;
using PxeXen.Inventory.Machines;
using PxeXen.Protocol.Dhcp;
using PxeXen.Server.Dhcp;

namespace PxeXen.Server.Tests.Dhcp;

public sealed class DhcpResponderTests
{
    private const string Mac = "aa:bb:cc:00:00:01";
    private static readonly IPAddress ServerId = ResponderRig.Server;

    private static DhcpMessage Selecting(string mac, IPAddress address) => ResponderRig.Request(DhcpMessageType.Request, mac, m =>
    {
        m.Options.SetAddress(DhcpOptionCode.RequestedAddress, address);
        m.Options.SetAddress(DhcpOptionCode.ServerIdentifier, ServerId);
    });

    private static async Task<IPAddress> BindAsync(ResponderRig rig, string mac)
    {
        var offer = (await rig.SendAsync(TestContext.Current.CancellationToken, ResponderRig.Request(DhcpMessageType.Discover, mac))).Reply!;
        var ack = await rig.SendAsync(TestContext.Current.CancellationToken, Selecting(mac, offer.YourAddress));
        Assert.Equal(DhcpMessageType.Ack, ack.Reply!.MessageType);
        return ack.Reply.YourAddress;
    }

    [Fact(Timeout = 10_000)]
    public async Task Discover_OffersPoolAddressWithSubnetOptions()
    {
        var rig = new ResponderRig();
        var response = await rig.SendAsync(TestContext.Current.CancellationToken, ResponderRig.Request(DhcpMessageType.Discover, Mac));

        var offer = Assert.IsType<DhcpMessage>(response.Reply);
        Assert.Null(response.Change); // offers are not written
        Assert.Equal(DhcpMessageType.Offer, offer.MessageType);
        Assert.Equal(IPAddress.Parse("10.0.0.100"), offer.YourAddress);
        Assert.Equal(ServerId, offer.Options.ServerIdentifier);
        Assert.Equal(3600u, offer.Options.LeaseTime);
        Assert.Equal(1800u, offer.Options.GetUInt32(DhcpOptionCode.RenewalTime));
        Assert.Equal(3150u, offer.Options.GetUInt32(DhcpOptionCode.RebindingTime));
        Assert.Equal(IPAddress.Parse("255.255.255.0"), offer.Options.GetAddress(DhcpOptionCode.SubnetMask));
        Assert.Equal([IPAddress.Parse("10.0.0.1")], offer.Options.GetAddresses(DhcpOptionCode.Router));
        Assert.Equal("lab", offer.Options.GetString(DhcpOptionCode.DomainName));
        Assert.Equal("", offer.BootFileName); // unknown MAC, LocalBoot policy
        Assert.Contains(rig.Events.Events, e => e.Stage == BootStage.DhcpDiscover && e.Mac == Mac);
    }

    [Fact(Timeout = 10_000)]
    public async Task RequestSelecting_AcksAfterWritingTheLease()
    {
        var rig = new ResponderRig();
        var offer = (await rig.SendAsync(TestContext.Current.CancellationToken, ResponderRig.Request(DhcpMessageType.Discover, Mac))).Reply!;

        var response = await rig.SendAsync(TestContext.Current.CancellationToken, Selecting(Mac, offer.YourAddress));

        Assert.Equal(DhcpMessageType.Ack, response.Reply!.MessageType);
        var change = Assert.IsType<LeaseChange>(response.Change);
        Assert.Equal(LeaseChangeKind.Bind, change.Kind);
        Assert.Equal(offer.YourAddress, change.Lease.Address);
        Assert.Equal(rig.Clock.GetUtcNow().AddSeconds(3600), change.Lease.Expires);
        Assert.Equal(DhcpMessageType.Nak, response.RefusedReply!().MessageType);
    }

    [Fact(Timeout = 10_000)]
    public async Task RequestSelecting_OtherServer_VoidsOurOfferSilently()
    {
        var rig = new ResponderRig();
        var offer = (await rig.SendAsync(TestContext.Current.CancellationToken, ResponderRig.Request(DhcpMessageType.Discover, Mac))).Reply!;
        var request = Selecting(Mac, offer.YourAddress);
        request.Options.SetAddress(DhcpOptionCode.ServerIdentifier, IPAddress.Parse("10.0.0.254"));

        Assert.Null((await rig.SendAsync(TestContext.Current.CancellationToken, request)).Reply);
        Assert.Null(rig.Pool.HolderOf(Ipv4.ToUInt32(offer.YourAddress), rig.Clock.GetUtcNow()));
    }

    [Fact(Timeout = 10_000)]
    public async Task SecondClient_NeverGetsAnAddressHeldByTheFirst()
    {
        var rig = new ResponderRig();
        var first = await BindAsync(rig, Mac);
        var second = await BindAsync(rig, "aa:bb:cc:00:00:02");
        Assert.NotEqual(first, second);

        var steal = await rig.SendAsync(TestContext.Current.CancellationToken, Selecting("aa:bb:cc:00:00:03", first));
        Assert.Equal(DhcpMessageType.Nak, steal.Reply!.MessageType);
        Assert.Null(steal.Change);
    }

    [Fact(Timeout = 10_000)]
    public async Task InitReboot_OwnAddressAcked_WrongSubnetNaked_UnknownSilent()
    {
        var rig = new ResponderRig();
        var address = await BindAsync(rig, Mac);

        var reboot = await rig.SendAsync(TestContext.Current.CancellationToken, ResponderRig.Request(DhcpMessageType.Request, Mac, m => m.Options.SetAddress(DhcpOptionCode.RequestedAddress, address)));
        Assert.Equal(DhcpMessageType.Ack, reboot.Reply!.MessageType);

        var moved = await rig.SendAsync(TestContext.Current.CancellationToken, ResponderRig.Request(DhcpMessageType.Request, Mac, m => m.Options.SetAddress(DhcpOptionCode.RequestedAddress, IPAddress.Parse("192.168.1.5"))));
        Assert.Equal(DhcpMessageType.Nak, moved.Reply!.MessageType);

        var stranger = await rig.SendAsync(TestContext.Current.CancellationToken, ResponderRig.Request(DhcpMessageType.Request, "aa:bb:cc:00:00:09", m => m.Options.SetAddress(DhcpOptionCode.RequestedAddress, IPAddress.Parse("10.0.0.50"))));
        Assert.Null(stranger.Reply);
    }

    [Theory(Timeout = 10_000)]
    [InlineData(false)] // RENEWING: unicast
    [InlineData(true)]  // REBINDING: broadcast
    public async Task RenewingAndRebinding_ExtendTheLease(bool broadcast)
    {
        var rig = new ResponderRig();
        var address = await BindAsync(rig, Mac);
        rig.Clock.Advance(TimeSpan.FromMinutes(40));

        var renew = await rig.SendAsync(TestContext.Current.CancellationToken, ResponderRig.Request(DhcpMessageType.Request, Mac, m => { m.ClientAddress = address; m.Broadcast = broadcast; }));

        Assert.Equal(DhcpMessageType.Ack, renew.Reply!.MessageType);
        Assert.Equal(address, renew.Reply.YourAddress);
        Assert.Equal(rig.Clock.GetUtcNow().AddSeconds(3600), renew.Change!.Value.Lease.Expires);
    }

    [Fact(Timeout = 10_000)]
    public async Task Renewing_AddressHeldByAnother_Naks()
    {
        var rig = new ResponderRig();
        var address = await BindAsync(rig, Mac);
        var renew = await rig.SendAsync(TestContext.Current.CancellationToken, ResponderRig.Request(DhcpMessageType.Request, "aa:bb:cc:00:00:02", m => m.ClientAddress = address));
        Assert.Equal(DhcpMessageType.Nak, renew.Reply!.MessageType);
    }

    [Fact(Timeout = 10_000)]
    public async Task Decline_QuarantinesTheAddress()
    {
        var rig = new ResponderRig(s => s.Subnets[0].Pools = [new() { Start = "10.0.0.100", End = "10.0.0.101" }]);
        var address = await BindAsync(rig, Mac);

        var decline = await rig.SendAsync(TestContext.Current.CancellationToken, ResponderRig.Request(DhcpMessageType.Decline, Mac, m => m.Options.SetAddress(DhcpOptionCode.RequestedAddress, address)));

        Assert.Null(decline.Reply);
        Assert.Equal(LeaseChangeKind.Decline, decline.Change!.Value.Kind);
        var next = (await rig.SendAsync(TestContext.Current.CancellationToken, ResponderRig.Request(DhcpMessageType.Discover, Mac))).Reply!;
        Assert.NotEqual(address, next.YourAddress);
        var other = (await rig.SendAsync(TestContext.Current.CancellationToken, ResponderRig.Request(DhcpMessageType.Discover, "aa:bb:cc:00:00:02"))).Reply;
        Assert.Null(other); // the only other address is offered to Mac, the declined one is quarantined
        rig.Clock.Advance(TimeSpan.FromHours(2));
        Assert.NotNull((await rig.SendAsync(TestContext.Current.CancellationToken, ResponderRig.Request(DhcpMessageType.Discover, "aa:bb:cc:00:00:02"))).Reply);
    }

    [Fact(Timeout = 10_000)]
    public async Task Release_FreesTheAddressForOthers()
    {
        var rig = new ResponderRig(s => s.Subnets[0].Pools = [new() { Start = "10.0.0.100", End = "10.0.0.100" }]);
        var address = await BindAsync(rig, Mac);
        Assert.Null((await rig.SendAsync(TestContext.Current.CancellationToken, ResponderRig.Request(DhcpMessageType.Discover, "aa:bb:cc:00:00:02"))).Reply);

        var release = await rig.SendAsync(TestContext.Current.CancellationToken, ResponderRig.Request(DhcpMessageType.Release, Mac, m => m.ClientAddress = address));

        Assert.Equal(LeaseChangeKind.Release, release.Change!.Value.Kind);
        Assert.Equal(address, (await rig.SendAsync(TestContext.Current.CancellationToken, ResponderRig.Request(DhcpMessageType.Discover, "aa:bb:cc:00:00:02"))).Reply!.YourAddress);
    }

    [Fact(Timeout = 10_000)]
    public async Task Inform_AnswersConfigurationWithoutLease()
    {
        var rig = new ResponderRig();
        var inform = await rig.SendAsync(TestContext.Current.CancellationToken, ResponderRig.Request(DhcpMessageType.Inform, Mac, m => m.ClientAddress = IPAddress.Parse("10.0.0.77")));

        Assert.Equal(DhcpMessageType.Ack, inform.Reply!.MessageType);
        Assert.Equal(IPAddress.Any, inform.Reply.YourAddress);
        Assert.Null(inform.Reply.Options.LeaseTime);
        Assert.Null(inform.Change);
        Assert.Equal(IPAddress.Parse("255.255.255.0"), inform.Reply.Options.GetAddress(DhcpOptionCode.SubnetMask));
    }

    [Fact(Timeout = 10_000)]
    public async Task RegisteredMachine_GetsItsFixedAddressAndBootFile()
    {
        var rig = new ResponderRig();
        rig.Machines.Add(new Machine { Name = "web01", Macs = [Mac], Profile = "debian12-xen", Ip = IPAddress.Parse("10.0.0.5"), Hostname = "web01" });
        static void XenHelper(DhcpMessage m)
        {
            m.Options.SetClientArchitecture(ClientArchitecture.X86Bios);
            m.Options.SetString(DhcpOptionCode.VendorClassIdentifier, "PXEClient:Arch:00000:UNDI:002001");
            m.Options.Set(DhcpOptionCode.UserClass, UserClass.EncodeBare("XenPV"));
        }

        var offer = (await rig.SendAsync(TestContext.Current.CancellationToken, ResponderRig.Request(DhcpMessageType.Discover, Mac, XenHelper))).Reply!;

        Assert.Equal(IPAddress.Parse("10.0.0.5"), offer.YourAddress);
        Assert.Equal(ServerId, offer.ServerAddress);
        Assert.Equal("pxelinux.0", offer.BootFileName);
        Assert.Equal("web01", offer.Options.HostName);
        var request = Selecting(Mac, offer.YourAddress);
        XenHelper(request);
        var ack = await rig.SendAsync(TestContext.Current.CancellationToken, request);
        Assert.Equal(DhcpMessageType.Ack, ack.Reply!.MessageType);
        Assert.Equal("pxelinux.0", ack.Reply.BootFileName);
    }

    [Fact(Timeout = 10_000)]
    public async Task FloodOfUnknownMacs_DoesNotStarveRegisteredMachines()
    {
        var rig = new ResponderRig();
        rig.Machines.Add(new Machine { Name = "fixed", Macs = ["00:16:3e:00:00:01"], Profile = "p", Ip = IPAddress.Parse("10.0.0.105") });
        rig.Machines.Add(new Machine { Name = "dynamic", Macs = ["00:16:3e:00:00:02"], Profile = "p" });
        rig.Pool.SetReservations([Ipv4.ToUInt32(IPAddress.Parse("10.0.0.105"))]);

        for (var i = 0; i < 50; i++)
            await rig.SendAsync(TestContext.Current.CancellationToken, ResponderRig.Request(DhcpMessageType.Discover, $"66:00:00:00:00:{i:x2}"));

        Assert.Equal(IPAddress.Parse("10.0.0.105"), await BindAsync(rig, "00:16:3e:00:00:01"));
        var dynamic = await BindAsync(rig, "00:16:3e:00:00:02");
        Assert.Equal(IPAddress.Parse("10.0.0.200"), dynamic); // the registered-only pool
    }

    [Fact(Timeout = 10_000)]
    public async Task UnknownMac_IgnorePolicy_NoAnswerButRecorded()
    {
        var rig = new ResponderRig(s => s.Boot.UnknownMacs = PxeXen.Boot.Dhcp.UnknownMacPolicy.Ignore);
        Assert.Null((await rig.SendAsync(TestContext.Current.CancellationToken, ResponderRig.Request(DhcpMessageType.Discover, Mac))).Reply);
        Assert.Contains(rig.Events.Events, e => e.Mac == Mac && e.Stage == BootStage.DhcpDiscover);
    }

    [Fact(Timeout = 10_000)]
    public async Task Relayed_UsesGiaddrSubnetAndEchoesOption82()
    {
        var rig = new ResponderRig();
        byte[] relayInfo = [1, 3, 0x65, 0x74, 0x68];
        var discover = ResponderRig.Request(DhcpMessageType.Discover, Mac, m =>
        {
            m.GatewayAddress = IPAddress.Parse("10.9.0.1");
            m.Options.Set(DhcpOptionCode.RelayAgentInformation, relayInfo);
        });

        var offer = (await rig.SendAsync(TestContext.Current.CancellationToken, discover)).Reply!;

        Assert.Equal(IPAddress.Parse("10.9.0.10"), offer.YourAddress);
        Assert.Equal(IPAddress.Parse("10.9.0.1"), offer.GatewayAddress);
        Assert.Equal(relayInfo, offer.Options.RelayAgentInformation.ToArray());
    }

    [Fact(Timeout = 10_000)]
    public async Task ProxyMode_AnswersOnlyPxeClientsWithBootFieldsAndNoAddress()
    {
        var rig = new ResponderRig(s => { s.Mode = DhcpMode.Proxy; s.Boot.UnknownMacs = PxeXen.Boot.Dhcp.UnknownMacPolicy.DefaultProfile; s.Boot.DefaultProfile = "discovery"; });
        var plain = await rig.SendAsync(TestContext.Current.CancellationToken, ResponderRig.Request(DhcpMessageType.Discover, Mac));
        Assert.Null(plain.Reply);

        var pxe = await rig.SendAsync(TestContext.Current.CancellationToken, ResponderRig.Request(DhcpMessageType.Discover, Mac, m =>
        {
            m.Options.SetClientArchitecture(ClientArchitecture.EfiX64);
            m.Options.SetString(DhcpOptionCode.VendorClassIdentifier, "PXEClient:Arch:00007:UNDI:003016");
        }));

        var offer = pxe.Reply!;
        Assert.Equal(IPAddress.Any, offer.YourAddress);
        Assert.Equal("ipxe.efi", offer.BootFileName);
        Assert.Equal("PXEClient", offer.Options.VendorClass);
        Assert.Null(offer.Options.LeaseTime);
        Assert.Null(pxe.Change);
    }

    [Fact(Timeout = 10_000)]
    public async Task Ipxe_GetsScriptUrlNotTheBinary()
    {
        var rig = new ResponderRig();
        rig.Machines.Add(new Machine { Name = "hvm1", Macs = [Mac], Profile = "p" });
        var offer = (await rig.SendAsync(TestContext.Current.CancellationToken, ResponderRig.Request(DhcpMessageType.Discover, Mac, m =>
        {
            m.Options.SetClientArchitecture(ClientArchitecture.X86Bios);
            m.Options.SetString(DhcpOptionCode.VendorClassIdentifier, "PXEClient:Arch:00000:UNDI:002001");
            m.Options.Set(DhcpOptionCode.UserClass, UserClass.EncodeBare("iPXE"));
        }))).Reply!;

        Assert.Equal($"http://10.0.0.1:5000/ipxe/{Mac}", offer.Options.GetString(DhcpOptionCode.BootFileName));
    }
}
