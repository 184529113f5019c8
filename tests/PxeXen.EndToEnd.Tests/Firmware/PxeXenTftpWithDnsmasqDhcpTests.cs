using PxeXen.EndToEnd.Tests.Infrastructure;

namespace PxeXen.EndToEnd.Tests.Firmware;

/// <summary>
/// PxeXen's TFTP server alone under real firmware: dnsmasq answers DHCP only (port 67), PxeXen
/// serves every file over TFTP (port 69). OVMF's PXE client fetches ipxe.efi with its quirk (tsize
/// probe, ERROR 8 after the OACK, then blksize 1468 windowsize 4), iPXE then fetches its script,
/// the kernel and the initramfs. Isolates TFTP from PxeXen's DHCP and HTTP boot.
/// </summary>
[Collection(FirmwareCollection.Name)]
public sealed class PxeXenTftpWithDnsmasqDhcpTests
{
    [Fact(Timeout = 220_000)]
    public async Task Uefi_OvmfAndIpxeFetchEveryFileFromPxeXenTftp()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var fixture = await BootFixture.GetAsync();
        using var dir = new TempDirectory();
        await using var network = await BootNetwork.CreateAsync(subnet: 62);
        const string mac = "52:54:00:e2:e1:01";
        const string args = "console=ttyS0 quiet panic=-1 e2e.harness=pxexen-tftp";
        var bootImages = dir.Combine("boot-images");
        await using var dnsmasq = await DnsmasqPeer.StartAsync(network, fixture, dir.Path, args, bootImages, serveTftp: false);
        await using var server = await PxeXenBootServer.StartAsync(network, fixture, dir.Path, dhcp: false);
        await PxeXenBootServer.RequireUdpListenersAsync(network, server, (69, "the TFTP server"));
        await using var machine = await QemuMachine.StartAsync(network, FirmwareKind.Uefi, mac, dir.Combine("serial.log"));

        var marker = await machine.WaitForMarkerAsync(TimeSpan.FromSeconds(150), () => server.Service.Output + "\n--- dnsmasq\n" + dnsmasq.Output, cancellationToken);

        TestContext.Current.TestOutputHelper?.WriteLine($"UEFI boot over PxeXen TFTP reached userspace in {machine.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(mac, marker.Mac);
        KernelCommandLine.AssertRendered(args, marker, "vmlinuz");
        var log = server.Service.Output;
        Assert.Contains("TFTP served ipxe.efi", log);
        Assert.Contains("TFTP served vmlinuz", log);
        Assert.Contains("TFTP served initrd.gz", log);
    }
}
