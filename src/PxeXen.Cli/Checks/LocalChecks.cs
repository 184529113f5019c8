using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using PxeXen.Cli.Api;
using PxeXen.Cli.Output;

namespace PxeXen.Cli.Checks;

/// <summary>
/// Checks that need the service's host, run when <c>pxexen check</c> runs next to the service
/// (its appsettings.json in the working directory): boot files on disk, ports held by another
/// program, DHCP subnets no interface is on, a server address clients cannot reach.
/// </summary>
public sealed class LocalChecks(LocalService service, ListeningSockets sockets, Func<IReadOnlyList<(string Interface, IPAddress Address, int PrefixLength)>>? interfaces = null)
{
    private readonly Func<IReadOnlyList<(string Interface, IPAddress Address, int PrefixLength)>> _interfaces = interfaces ?? HostInterfaces;

    public IEnumerable<Finding> BootFiles(JsonArray distros)
    {
        if (!Directory.Exists(service.BootImages))
        {
            yield return Finding.Error("boot-images", $"{service.BootImages} does not exist", "create it and put the kernels, initrds and firmware there (Service:BootImages)");
            yield break;
        }
        foreach (var distro in distros.OfType<JsonObject>())
        {
            var name = Json.String(distro, "name");
            var files = new[] { Json.String(distro, "kernel") }.Concat((distro["initrds"] as JsonArray ?? []).Select(i => i?.ToString() ?? ""));
            foreach (var file in files.Where(f => f.Length > 0))
            {
                var path = Path.GetFullPath(file, service.BootImages);
                if (!File.Exists(path))
                    yield return Finding.Error($"distro {name}", $"{file} is missing from {service.BootImages}", $"copy it to {path}");
            }
        }
    }

    /// <summary>Each port the service is set to use (Dhcp, Tftp, Http): free, or held by pxexen-server itself, is fine.</summary>
    public IEnumerable<Finding> Ports(int httpPort)
    {
        var wanted = new List<(string Protocol, int Port, string Setting)>();
        var dhcpMode = service.GetString("Dhcp", "Mode") ?? "Off";
        if (!dhcpMode.Equals("Off", StringComparison.OrdinalIgnoreCase))
        {
            wanted.Add(("udp", Setting("Dhcp", "ServerPort") ?? 67, "Dhcp:ServerPort"));
            if (dhcpMode.Equals("Proxy", StringComparison.OrdinalIgnoreCase) && (Setting("Dhcp", "ProxyPort") ?? 4011) is > 0 and var proxy)
                wanted.Add(("udp", proxy, "Dhcp:ProxyPort"));
        }
        if (service.GetBool("Tftp", "Enabled") != false)
            wanted.Add(("udp", Setting("Tftp", "Port") ?? 69, "Tftp:Port"));
        wanted.Add(("tcp", httpPort, "Http:Port"));
        foreach (var (protocol, port, setting) in wanted)
        {
            var holders = sockets.Find(protocol, port);
            var others = holders.Where(h => !ListeningSockets.IsPxeXen(h.Process)).ToList();
            if (others.Count > 0)
                yield return Finding.Error($"port {port}/{protocol}", "held by " + string.Join(", ", others.Select(h => h.Pid is null ? h.Process : $"{h.Process} (pid {h.Pid})")),
                    $"stop that service (dnsmasq, tftpd-hpa, isc-dhcp-server...) or move PxeXen with {setting}");
            else
                yield return Finding.Ok($"port {port}/{protocol}", holders.Count > 0 ? "held by pxexen-server" : "free");
        }
    }

    /// <summary>
    /// Every DHCP subnet should be on one of the interfaces DHCP serves (Dhcp:Interfaces, or all):
    /// otherwise only relayed requests (giaddr inside it) can ever reach it.
    /// </summary>
    public IEnumerable<Finding> Subnets()
    {
        var subnets = service.GetElement("Dhcp", "Subnets");
        if (subnets.ValueKind != JsonValueKind.Array)
            yield break;
        var served = service.GetElement("Dhcp", "Interfaces") is { ValueKind: JsonValueKind.Array } names && names.GetArrayLength() > 0
            ? names.EnumerateArray().Select(n => n.GetString()).ToHashSet(StringComparer.Ordinal)
            : null;
        var local = _interfaces().Where(i => served is null || served.Contains(i.Interface)).ToList();
        var index = 0;
        foreach (var subnet in subnets.EnumerateArray())
        {
            var key = $"Dhcp:Subnets:{index++}:Network";
            var text = subnet.ValueKind == JsonValueKind.String ? subnet.GetString() : Property(subnet, "Network");
            if (text is null || !IPNetwork.TryParse(text, out var network))
                continue;
            var on = local.FirstOrDefault(i => network.Contains(i.Address));
            if (on.Interface is not null)
                yield return Finding.Ok($"subnet {network}", $"served on {on.Interface} ({on.Address})");
            else
                yield return Finding.Warning($"subnet {network}",
                    served is null ? "no interface of this host is on it: its clients' broadcasts never arrive unless a relay forwards them"
                        : $"none of Dhcp:Interfaces ({string.Join(", ", served)}) is on it: only relayed requests can reach it",
                    $"give an interface an address in {network}, point a DHCP relay (giaddr) at this host, or fix {key}");
        }
    }

    /// <summary>
    /// Addresses clients are told to use or must connect to: never loopback; the DHCP server
    /// identifier must be this host's; HTTP must not listen on loopback only.
    /// </summary>
    public IEnumerable<Finding> ServerAddress()
    {
        var local = _interfaces();
        foreach (var (section, key, mustBeLocal) in new[] { ("Dhcp", "ServerAddress", true), ("Dhcp", "NextServer", false), ("Http", "BaseUrl", false) })
        {
            var value = service.GetString(section, key);
            if (string.IsNullOrWhiteSpace(value))
                continue;
            var host = Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri.Host : value;
            if (!IPAddress.TryParse(host, out var address))
                continue;
            if (IPAddress.IsLoopback(address))
                yield return Finding.Error($"{section}:{key}", $"{value} is a loopback address: netbooting clients cannot reach it", "use the address of the interface facing the clients");
            else if (mustBeLocal && !local.Any(i => i.Address.Equals(address)))
                yield return Finding.Error($"{section}:{key}", $"{address} is not an address of this host", "use the address of the interface facing the clients");
            else
                yield return Finding.Ok($"{section}:{key}", $"{value} is reachable by clients");
        }
        var dhcpOn = !(service.GetString("Dhcp", "Mode") ?? "Off").Equals("Off", StringComparison.OrdinalIgnoreCase);
        foreach (var (section, what) in new[] { ("Http", "iPXE scripts, kernels and answer files"), ("Tftp", "boot files") })
            if (dhcpOn && service.GetString(section, "Address") is { } listen && IPAddress.TryParse(listen, out var bound) && IPAddress.IsLoopback(bound))
                yield return Finding.Error($"{section}:Address", $"{section} listens on {listen} only, but DHCP sends clients here for {what}", $"set {section}:Address to 0.0.0.0 or the address facing the clients");
    }

    private int? Setting(string section, string key) => service.GetInt(section, key);

    private static string? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.EnumerateObject().FirstOrDefault(p => p.NameEquals(name) || string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) is { Value.ValueKind: not JsonValueKind.Undefined } p
            ? p.Value.ToString() : null;

    /// <summary>True when <paramref name="host"/> (of --server) names this host: loopback, "localhost" or one of its addresses.</summary>
    public static bool IsThisHost(string host, IEnumerable<IPAddress> addresses) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && (IPAddress.IsLoopback(address) || addresses.Contains(address)));

    public static IEnumerable<IPAddress> HostAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces().SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(a => a.Address);

    private static IReadOnlyList<(string, IPAddress, int)> HostInterfaces() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(n => n.GetIPProperties().UnicastAddresses
                .Where(a => a.Address.AddressFamily == AddressFamily.InterNetwork)
                .Select(a => (n.Name, a.Address, a.PrefixLength)))
            .ToList();
}
