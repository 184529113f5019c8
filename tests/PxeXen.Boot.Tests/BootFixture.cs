using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using PxeXen.Boot.Files;
using PxeXen.Boot.Rendering;
using PxeXen.Boot.Templates;
using PxeXen.Inventory.Distros;
using PxeXen.Inventory.Events;
using PxeXen.Inventory.Machines;
using PxeXen.Inventory.Profiles;
using PxeXen.Inventory.Store.Sql;

namespace PxeXen.Boot.Tests;

/// <summary>
/// A real SQLite inventory with representative machines, the repository's menus/, a fixed
/// server URL (so snapshots are stable), a named fake for leases and a recording event sink.
/// </summary>
public sealed class BootFixture : IDisposable
{
    public const string HttpBase = "http://10.0.0.1:5000";

    private bool _seeded;
    private readonly string _directory = Directory.CreateTempSubdirectory("pxexen-boot-").FullName;

    public BootFixture(string? menusDirectory = null)
    {
        Store = new SqlInventoryStore(new SqliteDialect(Path.Combine(_directory, "pxexen.db")));
        BootImages = Path.Combine(_directory, "boot-images");
        Directory.CreateDirectory(BootImages);
        Options = new BootRenderOptions { MenusDirectory = menusDirectory ?? RepoMenus, BootImagesDirectory = BootImages, HttpBaseUrl = HttpBase };
        Templates = new TemplateLibrary(Options.MenusDirectory);
        Renderer = new MachineRenderer(Store, Leases, Templates, new ServerAddresses(Options));
        Files = new GeneratedBootFiles(Store, Leases, Renderer, Events, Options, NullLogger<GeneratedBootFiles>.Instance);
    }

    public SqlInventoryStore Store { get; }
    public string BootImages { get; }
    public BootRenderOptions Options { get; }
    public TemplateLibrary Templates { get; }
    public FakeLeases Leases { get; } = new();
    public RecordingEventSink Events { get; } = new();
    public MachineRenderer Renderer { get; }
    public GeneratedBootFiles Files { get; }

    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "PxeXen.sln")))
                    return dir.FullName;
            throw new InvalidOperationException("PxeXen.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string RepoMenus => Path.Combine(RepoRoot, "menus");

    /// <summary>Debian (PV kernel) install, an Ubuntu autoinstall on a lease, a Rocky kickstart, an openSUSE AutoYaST, a diskless NFS-root node.</summary>
    public async Task SeedAsync(CancellationToken ct)
    {
        if (_seeded)
            return;
        _seeded = true;
        var checkedAt = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        await Must(Store.CreateDistroAsync(new Distro { Name = "debian12", Kernel = "debian12/linux", Initrds = ["debian12/initrd.gz"], Breed = DistroBreed.Debian, KernelArgs = "console=tty0", Xen = new XenCapability(true, true, checkedAt, "bzImage(xz)") }, ct));
        await Must(Store.CreateDistroAsync(new Distro { Name = "ubuntu24", Kernel = "ubuntu24/vmlinuz", Initrds = ["ubuntu24/initrd"], Breed = DistroBreed.Ubuntu, KernelArgs = "ip=dhcp" }, ct));
        await Must(Store.CreateDistroAsync(new Distro { Name = "rocky9", Kernel = "rocky9/vmlinuz", Initrds = ["rocky9/initrd.img"], Breed = DistroBreed.RedHat, KernelArgs = "inst.repo=https://dl.rockylinux.org/pub/rocky/9/BaseOS/x86_64/os/" }, ct));
        await Must(Store.CreateDistroAsync(new Distro { Name = "leap15", Kernel = "leap15/linux", Initrds = ["leap15/initrd"], Breed = DistroBreed.Suse }, ct));
        await Must(Store.CreateDistroAsync(new Distro { Name = "alpine", Kernel = "alpine/vmlinuz-lts", Initrds = ["alpine/initramfs-lts", "alpine/modloop.cpio"], Breed = DistroBreed.Generic }, ct));

        await Must(Store.CreateProfileAsync(new Profile { Name = "debian12", Distro = "debian12", KernelArgs = "quiet", Variables = new Dictionary<string, string> { ["suite"] = "bookworm" } }, ct));
        await Must(Store.CreateProfileAsync(new Profile
        {
            Name = "debian12-xen", Parent = "debian12", KernelArgs = "console=hvc0 ~quiet",
            Xen = new XenDomainSettings { MemoryMiB = 1024, Vcpus = 2, DiskGiB = 8, Disk = "phy:/dev/vg0/{{machine.name}},xvda,w", Bridge = "xenbr0" },
            Variables = new Dictionary<string, string> { ["disk"] = "/dev/xvda" },
        }, ct));
        await Must(Store.CreateProfileAsync(new Profile { Name = "ubuntu24", Distro = "ubuntu24" }, ct));
        await Must(Store.CreateProfileAsync(new Profile { Name = "rocky9", Distro = "rocky9", Variables = new Dictionary<string, string> { ["packages"] = "openssh-server vim-enhanced" } }, ct));
        await Must(Store.CreateProfileAsync(new Profile { Name = "leap15", Distro = "leap15" }, ct));
        await Must(Store.CreateProfileAsync(new Profile
        {
            Name = "farm", Distro = "alpine", KernelArgs = "root=/dev/nfs nfsroot=10.0.0.1:/srv/farm,vers=4 ro",
            MenuTemplates = new Dictionary<string, string> { ["pxelinux"] = "diskless", ["ipxe"] = "diskless", ["grub"] = "diskless" },
        }, ct));

        await Must(Store.CreateMachineAsync(new Machine
        {
            Name = "web01", Macs = ["00:16:3e:11:11:11"], Profile = "debian12-xen", Ip = IPAddress.Parse("10.0.0.5"),
            Gateway = IPAddress.Parse("10.0.0.1"), Netmask = IPAddress.Parse("255.255.255.0"), Uuid = Guid.Parse("6f1c6d2e-1b7a-4f43-9d4e-0c3e4a5b6c7d"),
        }, ct));
        await Must(Store.CreateMachineAsync(new Machine { Name = "desk07", Macs = ["52:54:00:07:07:07"], Profile = "ubuntu24", Hostname = "desk07.lab" }, ct));
        Leases.Add(IPAddress.Parse("10.0.0.107"), "52:54:00:07:07:07");
        await Must(Store.CreateMachineAsync(new Machine { Name = "db01", Macs = ["52:54:00:db:00:01"], Profile = "rocky9", Ip = IPAddress.Parse("10.0.0.20"), Gateway = IPAddress.Parse("10.0.0.1"), Netmask = IPAddress.Parse("255.255.255.0") }, ct));
        await Must(Store.CreateMachineAsync(new Machine { Name = "sles01", Macs = ["52:54:00:5e:00:01"], Profile = "leap15" }, ct));
        await Must(Store.CreateMachineAsync(new Machine
        {
            Name = "node12", Macs = ["52:54:00:0f:00:0c"], Profile = "farm", Ip = IPAddress.Parse("10.0.0.112"),
            Gateway = IPAddress.Parse("10.0.0.1"), Netmask = IPAddress.Parse("255.255.255.0"),
            Variables = new Dictionary<string, string> { ["net_device"] = "eth1" },
        }, ct));
    }

    public async Task<Machine> MachineAsync(string name, CancellationToken ct) =>
        await Store.GetMachineAsync(name, ct) ?? throw new InvalidOperationException($"no machine {name}");

    private static async Task Must(Task<PxeXen.Inventory.Store.StoreResult> write)
    {
        var result = await write;
        Assert.True(result.Succeeded, result.Error);
    }

    public void Dispose()
    {
        Store.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Leases as the DHCP server would report them.</summary>
    public sealed class FakeLeases : ILeaseAddresses
    {
        private readonly Dictionary<IPAddress, string> _byIp = [];

        public void Add(IPAddress ip, string mac) => _byIp[ip] = mac;

        public ValueTask<string?> FindMacAsync(IPAddress ip, CancellationToken cancellationToken) =>
            ValueTask.FromResult(_byIp.GetValueOrDefault(ip));

        public ValueTask<IPAddress?> FindAddressAsync(string mac, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IPAddress?>(_byIp.FirstOrDefault(p => p.Value == mac).Key);
    }

    public sealed class RecordingEventSink : IBootEventSink
    {
        public List<(string Mac, string Stage, string? Detail)> Recorded { get; } = [];

        public void Record(string mac, string stage, string? detail)
        {
            lock (Recorded)
                Recorded.Add((mac, stage, detail));
        }
    }
}
