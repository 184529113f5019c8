using System.Text.Json.Nodes;
using PxeXen.EndToEnd.Tests.Infrastructure;

namespace PxeXen.EndToEnd.Tests.Firmware;

/// <summary>
/// One-time install under real firmware: the netbooted "installer" (the fixture initramfs) takes
/// an address from PxeXen's DHCP with busybox udhcpc and calls the install-complete URL, as an
/// installer's late command would; PxeXen turns netboot off, and the next boot of the same machine
/// is handed back to the firmware (local boot) instead of the kernel.
/// </summary>
[Collection(FirmwareCollection.Name)]
public sealed class OneTimeInstallTests
{
    private const string InstalledPath = "/installed/"; // BootUrls.InstalledPrefix, MAC dashed

    [Fact(Timeout = 400_000)]
    public async Task InstallCompleteCallback_TurnsNetbootOff_NextBootIsLocal()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var fixture = await BootFixture.GetAsync();
        using var dir = new TempDirectory();
        await using var network = await BootNetwork.CreateAsync(subnet: 64);
        await using var server = await PxeXenBootServer.StartAsync(network, fixture, dir.Path);
        await PxeXenBootServer.RequireUdpListenersAsync(network, server, (67, "the DHCP server"), (69, "the TFTP server"));
        const string name = "e2e-install";
        const string mac = "52:54:00:e2:e2:03";
        var callback = $"http://{network.ServerAddress}:{server.HttpPort}{InstalledPath}{mac.Replace(':', '-')}";
        var inventory = new TestInventory(server.Api, network);
        await inventory.RegisterAsync(name, mac, $"console=ttyS0 quiet panic=-1 e2e.callback={callback}");
        var rendered = await inventory.RenderedKernelArgsAsync(name);

        // First boot: the installer runs and calls back.
        await using (var install = await QemuMachine.StartAsync(network, FirmwareKind.Bios, mac, dir.Combine("serial-1.log")))
        {
            var marker = await install.WaitForMarkerAsync(TimeSpan.FromSeconds(150), () => server.Service.Output, cancellationToken);
            TestContext.Current.TestOutputHelper?.WriteLine($"install boot reached userspace in {install.Elapsed.TotalSeconds:F1} s");
            Assert.Equal(mac, marker.Mac);
            KernelCommandLine.AssertRendered(rendered.Args, marker, rendered.KernelFileName);
            Assert.Contains($"PXEXEN-E2E-CALLBACK status=ok url={callback}", install.Serial);
        }
        var machine = await server.Api.GetAsync($"/machines/{name}");
        Assert.True(machine.Json?["netboot"]?.GetValue<bool>() == false, $"netboot is still on after the install-complete callback: {machine}");
        Assert.Contains("installed", await inventory.StagesAsync(mac));

        // Second boot: the same machine is sent to its local disk; the kernel never starts.
        var local = await server.Api.GetAsync($"/machines/{name}/render/ipxe");
        Assert.DoesNotContain("kernel ", local.Body);
        await using (var again = await QemuMachine.StartAsync(network, FirmwareKind.Bios, mac, dir.Combine("serial-2.log")))
        {
            await WaitForStageAsync(inventory, mac, "localboot", TimeSpan.FromSeconds(120), () => server.Service.Output, cancellationToken);
            TestContext.Current.TestOutputHelper?.WriteLine($"second boot handed to local boot after {again.Elapsed.TotalSeconds:F1} s");
            // Give a wrongly served kernel the time to reach userspace before concluding it did not.
            await Task.Delay(TimeSpan.FromSeconds(15), cancellationToken);
            Assert.DoesNotContain(BootMarker.Prefix, again.Serial);
        }
    }

    private static async Task WaitForStageAsync(TestInventory inventory, string mac, string stage, TimeSpan timeout, Func<string> diagnostics, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!(await inventory.StagesAsync(mac)).Contains(stage))
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"no '{stage}' boot event for {mac} within {timeout.TotalSeconds:F0} s; events: {string.Join(", ", await inventory.StagesAsync(mac))}\n{diagnostics()}");
            await Task.Delay(1000, cancellationToken);
        }
    }
}
