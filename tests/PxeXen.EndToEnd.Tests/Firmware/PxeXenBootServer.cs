using System.Security.Cryptography;
using PxeXen.EndToEnd.Tests.Infrastructure;

namespace PxeXen.EndToEnd.Tests.Firmware;

/// <summary>
/// The real PxeXen service started as an operator would (embedded SQLite, the repository's shipped
/// templates under menus/), inside a <see cref="BootNetwork"/> on the standard DHCP and TFTP ports
/// so unmodified firmware can reach it. boot-images/ holds Debian's iPXE builds and the fixture
/// kernel and initramfs under e2e/.
/// </summary>
public sealed class PxeXenBootServer : IAsyncDisposable
{
    public const string KernelPath = "e2e/vmlinuz";
    public const string InitrdPath = "e2e/initrd.gz";

    /// <summary>Where iPXE gets its per-machine script (HTTP boot endpoint).</summary>
    public const string IpxeScriptPath = "/ipxe/{mac}";

    private PxeXenBootServer(ServiceProcess service, InNamespaceApi api, string bootImages, int httpPort)
    {
        Service = service;
        Api = api;
        BootImages = bootImages;
        HttpPort = httpPort;
    }

    public ServiceProcess Service { get; }
    public InNamespaceApi Api { get; }
    public string BootImages { get; }
    public int HttpPort { get; }

    /// <param name="dhcp">False when another DHCP server (the dnsmasq peer) owns port 67.</param>
    public static async Task<PxeXenBootServer> StartAsync(BootNetwork network, BootFixture fixture, string directory, bool dhcp = true, params string[] extraSettings)
    {
        var bootImages = Path.Combine(directory, "boot-images");
        Directory.CreateDirectory(Path.Combine(bootImages, "e2e"));
        File.Copy(fixture.Kernel, Path.Combine(bootImages, KernelPath));
        File.Copy(fixture.Initrd, Path.Combine(bootImages, InitrdPath));
        File.Copy(FirmwareFiles.IpxeEfi, Path.Combine(bootImages, "ipxe.efi"), overwrite: true);
        File.Copy(FirmwareFiles.UndionlyKpxe, Path.Combine(bootImages, "undionly.kpxe"), overwrite: true);

        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        var httpPort = Random.Shared.Next(20_000, 30_000);
        var baseUrl = $"http://{network.ServerAddress}:{httpPort}";
        string[] settings =
        [
            "--Service:DataDirectory=data",
            $"--Service:BootImages={bootImages}",
            $"--Service:Menus={SourceTree.Combine("menus")}",
            $"--Api:Token={token}",
            "--Http:Address=0.0.0.0",
            $"--Http:Port={httpPort}",
            $"--Http:BaseUrl={baseUrl}",
            "--Tftp:Port=69",
            // Authoritative DHCP on the bridge only; iPXE is sent to its per-machine script over HTTP.
            dhcp ? "--Dhcp:Mode=Authoritative" : "--Dhcp:Mode=Off",
            $"--Dhcp:Interfaces:0={network.Bridge}",
            $"--Dhcp:Subnets:0:Network={network.Prefix}.0/24",
            $"--Dhcp:Subnets:0:Pools:0:Start={network.Prefix}.100",
            $"--Dhcp:Subnets:0:Pools:0:End={network.Prefix}.150",
            $"--Dhcp:Boot:IpxeScriptUrl=http://{{server}}:{httpPort}{IpxeScriptPath}",
            $"--Dhcp:Boot:EfiHttp=http://{{server}}:{httpPort}/boot-images/ipxe.efi",
            .. extraSettings,
        ];
        var service = await ServiceProcess.StartAsync(directory, settings, network.Namespace);
        return new PxeXenBootServer(service, new InNamespaceApi(network, baseUrl + "/api/v1", token), bootImages, httpPort);
    }

    /// <summary>Skips the test, naming what is missing, unless the service listens on these UDP ports.</summary>
    public static async Task RequireUdpListenersAsync(BootNetwork network, PxeXenBootServer server, params (int Port, string What)[] ports)
    {
        var result = await network.RunAsync(TimeSpan.FromSeconds(10), Command.Require("ss", "iproute2"), "-Hulnp");
        foreach (var (port, what) in ports)
            if (!result.StandardOutput.Split('\n').Any(line => line.Contains($":{port} ", StringComparison.Ordinal) && line.Contains("dotnet", StringComparison.Ordinal)))
                Assert.Skip($"PxeXen does not listen on UDP {port}: {what} is not in this build of the service (no listener after start-up)");
    }

    public ValueTask DisposeAsync() => Service.DisposeAsync();
}
