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

    /// <summary>
    /// Waits until the service listens on these UDP ports. HTTP answers first: the DHCP and TFTP
    /// sockets open a moment later (DHCP after its lease store is ready), so one look right after
    /// start-up can be too early on a loaded machine. Fails, naming what is missing, after 30 s.
    /// </summary>
    public static async Task RequireUdpListenersAsync(BootNetwork network, PxeXenBootServer server, params (int Port, string What)[] ports)
    {
        var ss = Command.Require("ss", "iproute2");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var result = await network.RunAsync(TimeSpan.FromSeconds(10), ss, "-Hulnp");
            var missing = ports.Where(p => !result.StandardOutput.Split('\n')
                .Any(line => line.Contains($":{p.Port} ", StringComparison.Ordinal) && line.Contains("dotnet", StringComparison.Ordinal))).ToList();
            if (missing.Count == 0)
                return;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"PxeXen does not listen on UDP {missing[0].Port} ({missing[0].What}) 30 s after start-up:\n{server.Service.Output}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    public ValueTask DisposeAsync() => Service.DisposeAsync();
}
