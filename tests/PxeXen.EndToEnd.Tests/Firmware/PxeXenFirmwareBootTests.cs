using System.Text.Json.Nodes;
using PxeXen.EndToEnd.Tests.Infrastructure;

namespace PxeXen.EndToEnd.Tests.Firmware;

/// <summary>
/// The whole product under real firmware: a machine registered through the REST API PXE-boots
/// from the running PxeXen service (its DHCP, TFTP and HTTP boot) and reaches userspace in the
/// profile's real kernel, with the kernel command line PxeXen rendered for that machine.
/// </summary>
[Collection(FirmwareCollection.Name)]
public sealed class PxeXenFirmwareBootTests
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(150);

    [Fact(Timeout = 240_000)]
    public Task Bios_RegisteredMachine_NetbootsItsProfileKernel() =>
        BootRegisteredMachineAsync(FirmwareKind.Bios, "e2e-bios", "52:54:00:e2:e2:01", TestContext.Current.CancellationToken);

    [Fact(Timeout = 240_000)]
    public Task Uefi_RegisteredMachine_NetbootsItsProfileKernel() =>
        BootRegisteredMachineAsync(FirmwareKind.Uefi, "e2e-uefi", "52:54:00:e2:e2:02", TestContext.Current.CancellationToken);

    private static async Task BootRegisteredMachineAsync(FirmwareKind firmware, string name, string mac, CancellationToken cancellationToken)
    {
        var fixture = await BootFixture.GetAsync();
        using var dir = new TempDirectory();
        await using var network = await BootNetwork.CreateAsync(subnet: 63);
        await using var server = await PxeXenBootServer.StartAsync(network, fixture, dir.Path);
        await PxeXenBootServer.RequireUdpListenersAsync(network, server, (67, "the DHCP server"), (69, "the TFTP server"));
        var inventory = new TestInventory(server.Api, network);
        await inventory.RegisterAsync(name, mac, $"console=ttyS0 quiet panic=-1 e2e.firmware={firmware.ToString().ToLowerInvariant()}");
        var rendered = await inventory.RenderedKernelArgsAsync(name);

        await using var machine = await QemuMachine.StartAsync(network, firmware, mac, dir.Combine("serial.log"));
        var marker = await machine.WaitForMarkerAsync(BootTimeout, () => server.Service.Output, cancellationToken);

        TestContext.Current.TestOutputHelper?.WriteLine($"{firmware} netboot from PxeXen reached userspace in {machine.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(mac, marker.Mac);
        KernelCommandLine.AssertRendered(rendered.Args, marker, rendered.KernelFileName);
        Assert.Contains($"e2e.machine={name}", marker.Words);
        Assert.True(await machine.WaitForExitAsync(TimeSpan.FromSeconds(20)), "the fixture powers off after its marker");
        var stages = await inventory.StagesAsync(mac);
        Assert.Contains("dhcp-ack", stages);
    }
}
