using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace PxeXen.Boot.Rendering;

/// <summary>
/// The server address and HTTP base URL a given client should use: Http:BaseUrl when configured,
/// else the address the request arrived on, else the local interface on the client's subnet.
/// </summary>
public sealed class ServerAddresses(BootRenderOptions options)
{
    private static readonly TimeSpan InterfaceCacheTime = TimeSpan.FromSeconds(30);
    private (DateTime At, IReadOnlyList<UnicastIPAddressInformation> Addresses) _interfaces = (DateTime.MinValue, []);

    /// <param name="client">The machine's address, when known.</param>
    /// <param name="local">The local address the request arrived on (HTTP), when known.</param>
    public IPAddress ServerAddress(IPAddress? client, IPAddress? local)
    {
        if (options.HttpBaseUrl is { } baseUrl && Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) && IPAddress.TryParse(uri.Host, out var configured))
            return configured;
        if (local is not null && !IPAddress.Any.Equals(local) && !IPAddress.IPv6Any.Equals(local))
            return local.IsIPv4MappedToIPv6 ? local.MapToIPv4() : local;
        var addresses = LocalIPv4();
        if (client is not null)
        {
            var c = client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client;
            foreach (var a in addresses)
                if (SameSubnet(a.Address, c, a.IPv4Mask))
                    return a.Address;
        }
        return addresses.FirstOrDefault(a => !IPAddress.IsLoopback(a.Address))?.Address ?? IPAddress.Loopback;
    }

    /// <summary>e.g. <c>http://10.0.0.1:5000</c>, no trailing slash.</summary>
    public string HttpBase(IPAddress? client, IPAddress? local)
    {
        if (!string.IsNullOrWhiteSpace(options.HttpBaseUrl))
            return options.HttpBaseUrl.TrimEnd('/');
        return $"http://{ServerAddress(client, local)}:{options.HttpPort}";
    }

    private IReadOnlyList<UnicastIPAddressInformation> LocalIPv4()
    {
        var cached = _interfaces;
        if (DateTime.UtcNow - cached.At < InterfaceCacheTime)
            return cached.Addresses;
        var addresses = NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Where(a => a.Address.AddressFamily == AddressFamily.InterNetwork)
            .ToArray();
        _interfaces = (DateTime.UtcNow, addresses);
        return addresses;
    }

    private static bool SameSubnet(IPAddress a, IPAddress b, IPAddress mask)
    {
        var x = a.GetAddressBytes();
        var y = b.GetAddressBytes();
        var m = mask.GetAddressBytes();
        if (x.Length != 4 || y.Length != 4 || m.Length != 4)
            return false;
        for (var i = 0; i < 4; i++)
            if ((x[i] & m[i]) != (y[i] & m[i]))
                return false;
        return true;
    }
}
