using System.Net;
using PxeXen.Bootloader.Network;
using PxeXen.Protocol.Dhcp;

namespace PxeXen.Bootloader.Tests.Network;

public class DhcpExchangeTests
{
    private static readonly byte[] Mac = [0x00, 0x16, 0x3e, 0x11, 0x11, 0x11];
    private static readonly Diagnostics Quiet = new(quiet: true, verbose: false);

    private static DhcpExchange Exchange(FakeDhcpServer server, Guid? uuid = null) =>
        new(server, Mac, Quiet) { FirstInterval = TimeSpan.FromMilliseconds(200), ProxyWait = TimeSpan.FromMilliseconds(200), Uuid = uuid };

    [Fact]
    public void Discover_MatchesSpecBytes()
    {
        // xen-bootloader-spec §8.2, with option 77 "XenPV" (the helper's default) removed for the comparison.
        var discover = DhcpClientMessages.Discover(0x11223344, Mac, 0, null, "", null, false);
        var bytes = DhcpMessageWriter.Write(discover);
        Assert.Equal(307, bytes.Length);
        var expected = new byte[236];
        expected[0] = 1; expected[1] = 1; expected[2] = 6;
        expected[4] = 0x11; expected[5] = 0x22; expected[6] = 0x33; expected[7] = 0x44;
        expected[10] = 0x80;
        Mac.CopyTo(expected, 28);
        var options = Convert.FromHexString("63825363350101390205c0370e0103060c0f1c2b3c4243d0d1d2d35d0200005e030102013c20"
            + "505845436c69656e743a417263683a30303030303a554e44493a303032303031ff");
        Assert.Equal([.. expected, .. options], bytes);
    }

    [Fact]
    public void Discover_DefaultCarriesUserClassXenPV_NoClientId()
    {
        var discover = DhcpClientMessages.Discover(1, Mac, 0, null, null, null, false);
        Assert.Equal(["XenPV"], discover.Options.UserClasses);
        Assert.False(discover.Options.Contains(DhcpOptionCode.ClientIdentifier));
        Assert.False(discover.Options.Contains(DhcpOptionCode.ClientMachineId));
        Assert.True(discover.Broadcast);
    }

    [Fact]
    public void Discover_WithUuid_SendsOption97InTextOrder()
    {
        var uuid = Guid.Parse("b8945908-d6a6-41a9-611d-74a6ab80b83d");
        var discover = DhcpClientMessages.Discover(1, Mac, 0, null, null, uuid, false);
        Assert.Equal(Convert.FromHexString("00b8945908d6a641a9611d74a6ab80b83d"), discover.Options.Get(DhcpOptionCode.ClientMachineId).ToArray());
    }

    [Fact(Timeout = 10_000)]
    public async Task Run_FullExchange_RequestCarries50And54_NoRelease()
    {
        var server = new FakeDhcpServer(m => FakeDhcpServer.Standard(m));
        var (lease, error) = await Exchange(server).RunAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Null(error);
        Assert.Equal(IPAddress.Parse("10.0.0.2"), lease!.ClientAddress);
        Assert.Equal(IPAddress.Parse("10.0.0.1"), lease.BootServer);
        Assert.Equal("pxelinux.0", lease.BootFile);
        Assert.Equal(IPAddress.Parse("10.0.0.254"), lease.Router);
        var sent = server.SentMessages;
        Assert.Equal([DhcpMessageType.Discover, DhcpMessageType.Request], sent.Select(m => m.MessageType));
        var request = sent[1];
        Assert.Equal(IPAddress.Parse("10.0.0.2"), request.Options.RequestedAddress);
        Assert.Equal(IPAddress.Parse("10.0.0.1"), request.Options.ServerIdentifier);
        Assert.Equal(IPAddress.Any, request.ClientAddress);
        Assert.True(request.Broadcast);
        Assert.Equal(sent[0].TransactionId, request.TransactionId);
        Assert.DoesNotContain(sent, m => m.MessageType is DhcpMessageType.Release or DhcpMessageType.Decline);
    }

    [Fact(Timeout = 10_000)]
    public async Task Run_RepliesForOtherMacOrXid_AreIgnored()
    {
        FakeDhcpServer? server = null;
        server = new FakeDhcpServer(m =>
        {
            var other = FakeDhcpServer.Reply(m, DhcpMessageType.Offer, "10.0.0.99");
            other.ClientHardwareAddress[5] = 0x99;
            var wrongXid = FakeDhcpServer.Reply(m, DhcpMessageType.Offer, "10.0.0.98");
            wrongXid.TransactionId ^= 1;
            return [DhcpMessageWriter.Write(other), DhcpMessageWriter.Write(wrongXid), [1, 2, 3], .. FakeDhcpServer.Standard(m)];
        });
        var (lease, _) = await Exchange(server).RunAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(IPAddress.Parse("10.0.0.2"), lease!.ClientAddress);
    }

    [Fact(Timeout = 10_000)]
    public async Task Run_Nak_StartsOverWithDiscover()
    {
        var naks = 0;
        var server = new FakeDhcpServer(m =>
        {
            if (m.MessageType == DhcpMessageType.Request && naks++ == 0)
                return [DhcpMessageWriter.Write(FakeDhcpServer.Reply(m, DhcpMessageType.Nak, "0.0.0.0"))];
            return FakeDhcpServer.Standard(m);
        });
        var (lease, error) = await Exchange(server).RunAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Null(error);
        Assert.NotNull(lease);
        Assert.Equal([DhcpMessageType.Discover, DhcpMessageType.Request, DhcpMessageType.Discover, DhcpMessageType.Request],
            server.SentMessages.Select(m => m.MessageType));
    }

    [Fact(Timeout = 10_000)]
    public async Task Run_NoAnswer_RetransmitsThenTimesOut()
    {
        var server = new FakeDhcpServer(_ => []);
        var (lease, error) = await Exchange(server).RunAsync(TimeSpan.FromSeconds(1.6), TestContext.Current.CancellationToken);
        Assert.Null(lease);
        Assert.Contains("no DHCPOFFER", error);
        // 200 ms, then 400, then 800 (±25 %): three or four DISCOVERs in 1.6 s, each with the same xid.
        Assert.InRange(server.Sent.Count, 3, 4);
        Assert.Single(server.SentMessages.Select(m => m.TransactionId).Distinct());
    }

    [Fact(Timeout = 10_000)]
    public async Task Run_ProxyDhcp_BootInfoMergedWithAddressOffer()
    {
        var server = new FakeDhcpServer(m =>
        {
            if (m.MessageType == DhcpMessageType.Discover)
            {
                var plain = FakeDhcpServer.Reply(m, DhcpMessageType.Offer, "10.0.0.7", siaddr: null, bootFile: "");
                var proxy = FakeDhcpServer.Reply(m, DhcpMessageType.Offer, "0.0.0.0", server: "10.0.0.5", siaddr: "10.0.0.5", bootFile: "boot/pxelinux.0");
                proxy.Options.SetString(DhcpOptionCode.VendorClassIdentifier, "PXEClient");
                return [DhcpMessageWriter.Write(plain), DhcpMessageWriter.Write(proxy)];
            }
            return [DhcpMessageWriter.Write(FakeDhcpServer.Reply(m, DhcpMessageType.Ack, "10.0.0.7", siaddr: null, bootFile: ""))];
        });
        var (lease, error) = await Exchange(server).RunAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Null(error);
        Assert.Equal(IPAddress.Parse("10.0.0.7"), lease!.ClientAddress);
        Assert.Equal(IPAddress.Parse("10.0.0.5"), lease.BootServer);
        Assert.Equal("boot/pxelinux.0", lease.BootFile);
        Assert.Equal(IPAddress.Parse("10.0.0.1"), server.SentMessages[1].Options.ServerIdentifier); // REQUEST to the address server
    }

    [Fact(Timeout = 10_000)]
    public async Task Run_ProxyDhcpWithOnlyABootMenu_IsNamedForTheReport()
    {
        var server = new FakeDhcpServer(m =>
        {
            if (m.MessageType == DhcpMessageType.Discover)
            {
                var plain = FakeDhcpServer.Reply(m, DhcpMessageType.Offer, "10.0.0.7", siaddr: null, bootFile: "");
                var proxy = FakeDhcpServer.Reply(m, DhcpMessageType.Offer, "0.0.0.0", server: "10.0.0.5", siaddr: null, bootFile: "");
                proxy.Options.SetString(DhcpOptionCode.VendorClassIdentifier, "PXEClient");
                // dnsmasq pxe-service: discovery control 6, boot menu 9 ("Linux"), menu prompt 10.
                proxy.Options.Set(DhcpOptionCode.VendorSpecific, Convert.FromHexString("06010809088000054c696e75780a0400505845ff"));
                return [DhcpMessageWriter.Write(plain), DhcpMessageWriter.Write(proxy)];
            }
            return [DhcpMessageWriter.Write(FakeDhcpServer.Reply(m, DhcpMessageType.Ack, "10.0.0.7", siaddr: null, bootFile: ""))];
        });
        var (lease, error) = await Exchange(server).RunAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Null(error);
        Assert.Equal("", lease!.BootFile ?? "");
        Assert.Equal(IPAddress.Parse("10.0.0.5"), lease.BootServerMenuFrom);
    }

    [Fact(Timeout = 10_000)]
    public async Task Run_BootInfoOnlyInOffer_FallsBackFromAck()
    {
        var server = new FakeDhcpServer(m => m.MessageType == DhcpMessageType.Discover
            ? FakeDhcpServer.Standard(m)
            : [DhcpMessageWriter.Write(FakeDhcpServer.Reply(m, DhcpMessageType.Ack, "10.0.0.2", siaddr: null, bootFile: ""))]);
        var (lease, _) = await Exchange(server).RunAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(IPAddress.Parse("10.0.0.1"), lease!.BootServer);
        Assert.Equal("pxelinux.0", lease.BootFile);
    }

    [Fact(Timeout = 10_000)]
    public async Task Run_Option209And210InsideOption43_Read()
    {
        var server = new FakeDhcpServer(m =>
        {
            var reply = FakeDhcpServer.Reply(m, m.MessageType == DhcpMessageType.Discover ? DhcpMessageType.Offer : DhcpMessageType.Ack, "10.0.0.2");
            reply.Options.Set(DhcpOptionCode.VendorSpecific, (byte[])[209, 3, (byte)'a', (byte)'/', (byte)'b', 210, 2, (byte)'p', (byte)'/', 255]);
            return [DhcpMessageWriter.Write(reply)];
        });
        var (lease, _) = await Exchange(server).RunAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(("a/b", "p/"), (lease!.ConfigFile, lease.PathPrefix));
    }
}
