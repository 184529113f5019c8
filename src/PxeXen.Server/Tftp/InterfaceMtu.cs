using System.Net.NetworkInformation;

namespace PxeXen.Server.Tftp;

/// <summary>
/// The MTU of an interface by index (the index IP_PKTINFO reports for an arriving request), cached
/// because enumerating interfaces reads /sys for each of them.
/// </summary>
public sealed class InterfaceMtu(TimeProvider time)
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(30);
    private readonly Lock _lock = new();
    private Dictionary<int, int> _byIndex = [];
    private DateTimeOffset _loaded = DateTimeOffset.MinValue;

    /// <returns>The MTU in bytes, or null when the interface is unknown.</returns>
    public int? Lookup(int interfaceIndex)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            var age = now - _loaded;
            // A new interface (index not seen) reloads at most once a second.
            if (age > Refresh || (!_byIndex.ContainsKey(interfaceIndex) && age > TimeSpan.FromSeconds(1)))
            {
                _byIndex = Load();
                _loaded = now;
            }
            return _byIndex.TryGetValue(interfaceIndex, out var mtu) ? mtu : null;
        }
    }

    private static Dictionary<int, int> Load()
    {
        var map = new Dictionary<int, int>();
        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                var ipv4 = nic.GetIPProperties().GetIPv4Properties();
                if (ipv4 is not null && ipv4.Mtu > 0)
                    map[ipv4.Index] = ipv4.Mtu;
            }
        }
        catch (NetworkInformationException)
        {
            // Unknown MTU: blksize is then limited only by Tftp:MaxBlockSize.
        }
        return map;
    }
}
