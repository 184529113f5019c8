using PxeXen.EndToEnd.Tests.Infrastructure;

namespace PxeXen.EndToEnd.Tests.Firmware;

/// <summary>
/// The firmware harness checked against dnsmasq (DHCP + TFTP), a server nobody here wrote: if
/// these fail, the fault is in QEMU, the tap and bridge, the kernel or the initramfs, not PxeXen.
/// </summary>
[Collection(FirmwareCollection.Name)]
public sealed class DnsmasqHarnessTests
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(150);

    [Fact(Timeout = 200_000)]
    public Task Bios_IpxeRomNetbootsFixtureKernel_FromDnsmasq() => BootAsync(FirmwareKind.Bios, "52:54:00:e2:e0:01", TestContext.Current.CancellationToken);

    [Fact(Timeout = 200_000)]
    public Task Uefi_OvmfPxeNetbootsFixtureKernel_FromDnsmasq() => BootAsync(FirmwareKind.Uefi, "52:54:00:e2:e0:02", TestContext.Current.CancellationToken);

    private static async Task BootAsync(FirmwareKind firmware, string mac, CancellationToken cancellationToken)
    {
        var fixture = await BootFixture.GetAsync();
        using var dir = new TempDirectory();
        await using var network = await BootNetwork.CreateAsync();
        var args = $"console=ttyS0 quiet panic=-1 e2e.harness=dnsmasq e2e.firmware={firmware.ToString().ToLowerInvariant()}";
        await using var dnsmasq = await DnsmasqPeer.StartAsync(network, fixture, dir.Path, args);
        await using var machine = await QemuMachine.StartAsync(network, firmware, mac, dir.Combine("serial.log"));

        var marker = await machine.WaitForMarkerAsync(BootTimeout, () => dnsmasq.Output, cancellationToken);

        TestContext.Current.TestOutputHelper?.WriteLine($"{firmware} netboot from dnsmasq reached userspace in {machine.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(mac, marker.Mac);
        KernelCommandLine.AssertRendered(args, marker, "vmlinuz");
        Assert.Contains("initrd=initrd.gz", marker.Words);
        Assert.True(await machine.WaitForExitAsync(TimeSpan.FromSeconds(20)), "the fixture powers off after its marker");
    }
}
