using System.Net;
using PxeXen.EndToEnd.Tests.Infrastructure;
using PxeXen.Protocol.Dhcp;

namespace PxeXen.EndToEnd.Tests.Dhcp;

/// <summary>proxyDHCP beside dnsmasq handing out addresses on the same segment (the pixiecore setup).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ProxyDhcpTests
{
    [Fact(Timeout = 120_000)]
    public async Task PxeDiscover_GetsAddressFromDnsmasqAndBootFileFromUs()
    {
        var busybox = Command.Require("busybox", "busybox");
        var dnsmasq = Command.Require("dnsmasq", "dnsmasq-base");
        var tcpdump = Command.Require("tcpdump", "tcpdump");
        await using var rig = await DhcpServiceRig.CreateAsync();
        var dir = rig.Directory;
        // dnsmasq first: it owns addresses .50-.60; our service shares port 67 (SO_REUSEADDR) and adds 4011.
        var site = rig.Pair.RunInServerAsync(TimeSpan.FromSeconds(60), "timeout", "25", dnsmasq, "-k", "--conf-file=/dev/null", "--port=0",
            "--bind-interfaces", $"--interface={rig.Pair.ServerInterface}", $"--dhcp-range={rig.Prefix}.50,{rig.Prefix}.60,255.255.255.0,1h",
            $"--dhcp-leasefile={dir.Combine("dnsmasq.leases")}", $"--pid-file={dir.Combine("dnsmasq.pid")}", "--log-dhcp", "--log-facility=-");
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        await rig.StartAsync(rig.Settings("Proxy", "--Dhcp:Boot:UnknownMacs=DefaultProfile", "--Dhcp:Boot:DefaultProfile=discovery"));

        var capture = dir.Combine("offers.pcap");
        var dump = rig.Pair.RunInClientAsync(TimeSpan.FromSeconds(40), "timeout", "-s", "INT", "10", tcpdump,
            "-i", rig.Pair.ClientInterface, "-w", capture, "-U", "udp", "and", "dst", "port", "68");
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        var script = rig.WriteUdhcpcScript();
        await rig.Pair.RunInClientAsync(TimeSpan.FromSeconds(30), busybox, "udhcpc", "-i", rig.Pair.ClientInterface, "-n", "-q", "-f",
            "-t", "2", "-T", "2", "-s", script, "-V", "PXEClient:Arch:00000:UNDI:002001", "-x", "0x5d:0000");
        await dump;

        var offers = PcapDhcpReplies.Read(await File.ReadAllBytesAsync(capture, TestContext.Current.CancellationToken))
            .Where(m => m.MessageType == DhcpMessageType.Offer).ToList();
        var proxy = offers.FirstOrDefault(m => m.YourAddress.Equals(IPAddress.Any));
        var address = offers.FirstOrDefault(m => !m.YourAddress.Equals(IPAddress.Any));
        Assert.True(proxy is not null, $"no proxy offer among {offers.Count}:\n{rig.Service!.Output}");
        Assert.Equal("undionly.kpxe", proxy.BootFileName);
        Assert.Equal("PXEClient", proxy.Options.VendorClass);
        Assert.Equal(IPAddress.Parse(rig.Pair.ServerAddress), proxy.ServerAddress);
        Assert.NotNull(address);
        // From dnsmasq's range (.50-.60; which one depends on the client's random MAC), not from us.
        var given = address.YourAddress.ToString();
        Assert.StartsWith(rig.Prefix + ".", given);
        Assert.InRange(int.Parse(given[(rig.Prefix.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture), 50, 60);
        await site;
    }
}
