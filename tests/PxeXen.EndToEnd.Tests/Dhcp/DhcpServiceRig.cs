using PxeXen.EndToEnd.Tests.Infrastructure;

namespace PxeXen.EndToEnd.Tests.Dhcp;

/// <summary>
/// The service answering DHCP in the server namespace of a fresh veth pair, the client side left
/// unnumbered for real DHCP clients; its HTTP API on the server namespace's loopback.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class DhcpServiceRig : IAsyncDisposable
{
    public required VethPair Pair { get; init; }
    public required TempDirectory Directory { get; init; }
    public required int HttpPort { get; init; }
    public ServiceProcess? Service { get; private set; }

    public string Prefix => Pair.ServerAddress[..Pair.ServerAddress.LastIndexOf('.')];

    public static async Task<DhcpServiceRig> CreateAsync(string? clientAddress = null)
    {
        var pair = await VethPair.CreateAsync("dhcp", 77, clientAddress);
        var directory = new TempDirectory();
        System.IO.Directory.CreateDirectory(directory.Combine("boot-images"));
        return new DhcpServiceRig { Pair = pair, Directory = directory, HttpPort = Random.Shared.Next(20_000, 60_000) };
    }

    public IEnumerable<string> Settings(string mode = "Authoritative", params string[] extra) =>
    [
        $"--Dhcp:Mode={mode}",
        $"--Dhcp:Interfaces:0={Pair.ServerInterface}",
        $"--Dhcp:Subnets:0:Network={Prefix}.0/24",
        $"--Dhcp:Subnets:0:Pools:0:Start={Prefix}.100",
        $"--Dhcp:Subnets:0:Pools:0:End={Prefix}.199",
        $"--Dhcp:Subnets:0:Router={Prefix}.1",
        "--Dhcp:Subnets:0:LeaseTimeSeconds=60",
        "--Dhcp:Subnets:0:RenewalTimeSeconds=3",
        "--Dhcp:Subnets:0:RebindingTimeSeconds=50",
        "--Http:Address=127.0.0.1",
        $"--Http:Port={HttpPort}",
        "--Serilog:MinimumLevel:Override:PxeXen.Server.Dhcp=Debug",
        .. extra,
    ];

    public async Task StartAsync(IEnumerable<string> settings)
    {
        Service = await ServiceProcess.StartAsync(Directory.Path, settings, Pair.ServerNamespace, readyMarker: "port 67");
    }

    public async Task RestartAsync(IEnumerable<string> settings)
    {
        if (Service is not null)
            await Service.DisposeAsync();
        await StartAsync(settings);
    }

    /// <summary>curl inside the server namespace against the service's API.</summary>
    public async Task<string> ApiAsync(string path, string? jsonBody = null)
    {
        var args = new List<string> { "-sS", "--max-time", "20", $"http://127.0.0.1:{HttpPort}/api/v1{path}" };
        if (jsonBody is not null)
        {
            var token = (await File.ReadAllTextAsync(Directory.Combine("data", "api-token"))).Trim();
            args.AddRange(["-X", "POST", "-H", "Content-Type: application/json", "-H", $"Authorization: Bearer {token}", "--data", jsonBody]);
        }
        var result = await Pair.RunInServerAsync(TimeSpan.FromSeconds(30), "curl", [.. args]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StandardOutput;
    }

    /// <summary>A udhcpc event script that prints what it got and configures the interface like the real one.</summary>
    public string WriteUdhcpcScript()
    {
        var path = Directory.Combine("udhcpc.sh");
        File.WriteAllText(path, """
            #!/bin/sh
            echo "EVENT $1 ip=$ip siaddr=$siaddr boot_file=$boot_file serverid=$serverid router=$router lease=$lease"
            case "$1" in
              bound|renew) ip addr replace "$ip/24" dev "$interface" ;;
              deconfig) ip addr flush dev "$interface" ;;
            esac
            exit 0
            """);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        if (Service is not null)
            await Service.DisposeAsync();
        await Pair.DisposeAsync();
        Directory.Dispose();
    }
}
