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

    /// <summary>Each port the service needs: free, or held by pxexen-server itself, is fine.</summary>
    public IEnumerable<Finding> Ports(int httpPort)
    {
        var wanted = new (string Protocol, int Port, string Setting)[]
        {
            ("udp", Setting("Dhcp", "Port") ?? 67, "Dhcp:Port"),
            ("udp", Setting("Dhcp", "ProxyPort") ?? 4011, "Dhcp:ProxyPort"),
            ("udp", Setting("Tftp", "Port") ?? 69, "Tftp:Port"),
            ("tcp", httpPort, "Http:Port"),
        };
        foreach (var (protocol, port, setting) in wanted)
        {
            var holders = sockets.Find(protocol, port);
            var others = holders.Where(h => !h.Process.Contains("pxexen", StringComparison.OrdinalIgnoreCase) && !h.Process.Contains("PxeXen.Server", StringComparison.Ordinal)).ToList();
            if (others.Count > 0)
                yield return Finding.Error($"port {port}/{protocol}", "held by " + string.Join(", ", others.Select(h => h.Pid is null ? h.Process : $"{h.Process} (pid {h.Pid})")),
                    $"stop that service (dnsmasq, tftpd-hpa, isc-dhcp-server...) or move PxeXen with {setting}");
            else
                yield return Finding.Ok($"port {port}/{protocol}", holders.Count > 0 ? "held by pxexen-server" : "free");
        }
    }

    /// <summary>Every DHCP subnet in the settings must be on one of this host's interfaces (or be relayed).</summary>
    public IEnumerable<Finding> Subnets()
    {
        var subnets = service.GetElement("Dhcp", "Subnets");
        if (subnets.ValueKind != JsonValueKind.Array)
            yield break;
        var local = _interfaces();
        var index = 0;
        foreach (var subnet in subnets.EnumerateArray())
        {
            var text = subnet.ValueKind == JsonValueKind.String ? subnet.GetString() : Property(subnet, "Subnet") ?? Property(subnet, "Network") ?? Property(subnet, "Cidr");
            var key = $"Dhcp:Subnets:{index++}";
            if (text is null || !IPNetwork.TryParse(text, out var network))
                continue;
            var relayed = subnet.ValueKind == JsonValueKind.Object && (string.Equals(Property(subnet, "Relayed"), "true", StringComparison.OrdinalIgnoreCase) || Property(subnet, "Relay") is { Length: > 0 });
            var on = local.FirstOrDefault(i => network.Contains(i.Address));
            if (on.Interface is not null)
                yield return Finding.Ok($"subnet {network}", $"served on {on.Interface} ({on.Address})");
            else if (relayed)
                yield return Finding.Ok($"subnet {network}", "relayed (no local interface needed)");
            else
                yield return Finding.Error($"subnet {network}", "no interface of this host is on it, so broadcasts from its clients never arrive",
                    $"give an interface an address in {network}, configure a DHCP relay to this host, or remove {key}");
        }
    }

    /// <summary>The address the service tells clients to use must be on this host and not loopback.</summary>
    public IEnumerable<Finding> ServerAddress()
    {
        var local = _interfaces();
        foreach (var (section, key) in new[] { ("Dhcp", "ServerAddress"), ("Dhcp", "NextServer"), ("Http", "PublicUrl"), ("Http", "BaseUrl"), ("Service", "ServerAddress") })
        {
            var value = service.GetString(section, key);
            if (string.IsNullOrWhiteSpace(value))
                continue;
            var host = Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri.Host : value;
            if (!IPAddress.TryParse(host, out var address))
                continue;
            if (IPAddress.IsLoopback(address))
                yield return Finding.Error($"{section}:{key}", $"{value} is a loopback address: netbooting clients cannot reach it", "use the address of the interface facing the clients");
            else if (!address.Equals(IPAddress.Any) && !local.Any(i => i.Address.Equals(address)))
                yield return Finding.Error($"{section}:{key}", $"{address} is not an address of this host", "use the address of the interface facing the clients");
            else
                yield return Finding.Ok($"{section}:{key}", $"{value} is on this host");
        }
    }

    private int? Setting(string section, string key) =>
        service.GetElement(section, key) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out var number) ? number : null;

    private static string? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.EnumerateObject().FirstOrDefault(p => p.NameEquals(name) || string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) is { Value.ValueKind: not JsonValueKind.Undefined } p
            ? p.Value.ToString() : null;

    private static IReadOnlyList<(string, IPAddress, int)> HostInterfaces() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(n => n.GetIPProperties().UnicastAddresses
                .Where(a => a.Address.AddressFamily == AddressFamily.InterNetwork)
                .Select(a => (n.Name, a.Address, a.PrefixLength)))
            .ToList();
}
