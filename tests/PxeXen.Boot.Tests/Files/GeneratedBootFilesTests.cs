using System.Net;
using System.Text;
using PxeXen.Boot.Dhcp;
using PxeXen.Boot.Files;
using PxeXen.Inventory.Events;

namespace PxeXen.Boot.Tests.Files;

/// <summary>The file names PXELINUX and GRUB ask for, answered per machine.</summary>
public sealed class GeneratedBootFilesTests : IDisposable
{
    private static readonly IPAddress Somewhere = IPAddress.Parse("10.0.0.250");
    private readonly BootFixture _boot = new();

    private async Task<string?> FetchAsync(string path, IPAddress? client = null)
    {
        var ct = TestContext.Current.CancellationToken;
        await _boot.SeedAsync(ct);
        var file = await _boot.Files.TryGetAsync(new BootFileRequest(path, client ?? Somewhere, "tftp"), ct);
        return file is null ? null : Encoding.UTF8.GetString(file.Content.Span);
    }

    [Fact(Timeout = 30_000)]
    public async Task PxelinuxMacFile_IsTheMachinesMenu()
    {
        var text = await FetchAsync("pxelinux.cfg/01-00-16-3e-11-11-11");
        Assert.NotNull(text);
        Assert.Contains("KERNEL debian12/linux", text);
        Assert.Contains("url=http://10.0.0.1:5000/answers/00-16-3e-11-11-11", text);
    }

    [Fact(Timeout = 30_000)]
    public async Task PxelinuxMacFile_InASubdirectory_AndUpperCase_IsFound()
    {
        Assert.NotNull(await FetchAsync("bios/pxelinux.cfg/01-00-16-3E-11-11-11"));
    }

    [Fact(Timeout = 30_000)]
    public async Task UnregisteredMac_IsNotGenerated_SoPxelinuxTriesTheNextName()
    {
        Assert.Null(await FetchAsync("pxelinux.cfg/01-52-54-00-99-99-99"));
    }

    [Fact(Timeout = 30_000)]
    public async Task UnregisteredMac_UnderDefaultProfilePolicy_GetsThatProfilesMenu()
    {
        var ct = TestContext.Current.CancellationToken;
        await _boot.SeedAsync(ct);
        var policy = new UnregisteredMachines(new BootFileSettings { UnknownMacs = UnknownMacPolicy.DefaultProfile, DefaultProfile = "debian12" });
        var files = new GeneratedBootFiles(_boot.Store, _boot.Leases, _boot.Renderer, _boot.Events, _boot.Options,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<GeneratedBootFiles>.Instance, policy);
        var menu = await files.TryGetAsync(new BootFileRequest("pxelinux.cfg/01-52-54-00-99-99-99", Somewhere, "tftp"), ct);
        var text = Encoding.UTF8.GetString(menu!.Content.Span);
        Assert.Contains("KERNEL debian12/linux", text);
        Assert.Contains("answers/52-54-00-99-99-99", text);
        // The local-boot policy keeps strangers on the local-boot menu.
        Assert.Null(await new GeneratedBootFiles(_boot.Store, _boot.Leases, _boot.Renderer, _boot.Events, _boot.Options,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<GeneratedBootFiles>.Instance,
            new UnregisteredMachines(new BootFileSettings { UnknownMacs = UnknownMacPolicy.LocalBoot }))
            .TryGetAsync(new BootFileRequest("pxelinux.cfg/01-52-54-00-99-99-99", Somewhere, "tftp"), ct));
    }

    [Fact(Timeout = 30_000)]
    public async Task HexIpFile_FindsTheMachineByFixedIpOrLease()
    {
        Assert.Contains("web01", await FetchAsync("pxelinux.cfg/0A000005")); // 10.0.0.5, fixed
        Assert.Contains("desk07", await FetchAsync("pxelinux.cfg/0A00006B")); // 10.0.0.107, leased
        Assert.Null(await FetchAsync("pxelinux.cfg/0A000063")); // nobody
        Assert.Null(await FetchAsync("pxelinux.cfg/0A00000")); // a subnet prefix: the operator's file, if any
    }

    [Fact(Timeout = 30_000)]
    public async Task Default_IsLocalBootForStrangers_UnlessTheOperatorHasOne()
    {
        var text = await FetchAsync("pxelinux.cfg/default");
        Assert.Contains("LOCALBOOT 0", text);
        Directory.CreateDirectory(Path.Combine(_boot.BootImages, "pxelinux.cfg"));
        File.WriteAllText(Path.Combine(_boot.BootImages, "pxelinux.cfg", "default"), "DEFAULT mine\n");
        Assert.Null(await _boot.Files.TryGetAsync(new BootFileRequest("pxelinux.cfg/default", Somewhere, "tftp"), TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = 30_000)]
    public async Task GrubFiles_ByMacByHexIpAndByClientAddress()
    {
        Assert.Contains("menuentry 'Install debian12 on web01'", await FetchAsync("grub/grub.cfg-01-00-16-3e-11-11-11"));
        Assert.Contains("web01", await FetchAsync("grub.cfg-0A000005"));
        Assert.Contains("desk07", await FetchAsync("boot/grub/grub.cfg", IPAddress.Parse("10.0.0.107")));
        Assert.Contains("Boot from the local disk", await FetchAsync("grub.cfg", IPAddress.Parse("10.9.9.9")));
    }

    [Fact(Timeout = 30_000)]
    public async Task NetbootOff_ServesLocalBootAndRecordsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await _boot.SeedAsync(ct);
        await _boot.Store.SetNetbootAsync("web01", false, ct);
        var file = await _boot.Files.TryGetAsync(new BootFileRequest("pxelinux.cfg/01-00-16-3e-11-11-11", Somewhere, "tftp"), ct);
        Assert.NotNull(file);
        Assert.Equal("00:16:3e:11:11:11", file.Mac);
        Assert.Contains("LOCALBOOT 0", Encoding.UTF8.GetString(file.Content.Span));
        Assert.Contains(_boot.Events.Recorded, e => e.Mac == "00:16:3e:11:11:11" && e.Stage == BootStage.LocalBoot);
    }

    [Fact(Timeout = 30_000)]
    public async Task BrokenTemplate_ServesNothingRatherThanAnEmptyFile()
    {
        var menus = Directory.CreateTempSubdirectory("pxexen-broken-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(menus, "pxelinux"));
            File.WriteAllText(Path.Combine(menus, "pxelinux", "netboot.scriban"), "KERNEL {{ distro.kernal }}\n");
            using var boot = new BootFixture(menus);
            var ct = TestContext.Current.CancellationToken;
            await boot.SeedAsync(ct);
            Assert.Null(await boot.Files.TryGetAsync(new BootFileRequest("pxelinux.cfg/01-00-16-3e-11-11-11", Somewhere, "tftp"), ct));
        }
        finally
        {
            Directory.Delete(menus, recursive: true);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task OtherPaths_AreLeftToTheDisk()
    {
        Assert.Null(await FetchAsync("debian12/linux"));
        Assert.Null(await FetchAsync("pxelinux.0"));
    }

    public void Dispose() => _boot.Dispose();
}
