using System.Net;
using System.Net.Sockets;
using PxeXen.Protocol.Pxelinux;

namespace PxeXen.Bootloader.Network;

/// <summary>Fetches a file named in PXELINUX terms: from the boot server, another TFTP host, or HTTP(S).</summary>
internal sealed class FileFetcher(IPAddress bootServer, string? domainName, TftpDownload tftp, int tftpPort, TimeSpan timeout, Diagnostics log)
{
    public IPAddress BootServer => bootServer;

    public async Task<TftpOutcome> FetchAsync(PxelinuxFileReference reference, Stream destination, CancellationToken cancellationToken)
    {
        if (reference.IsHttp)
        {
            log.Detail($"GET {reference.Url}");
            return await HttpDownload.RunAsync(reference.Url, destination, timeout, cancellationToken);
        }
        var address = bootServer;
        if (reference.Host is { } host)
        {
            var resolved = await ResolveAsync(host, cancellationToken);
            if (resolved is null)
                return TftpOutcome.Failed($"cannot resolve TFTP server '{host}'");
            address = resolved;
        }
        log.Detail($"TFTP {address} {reference.Path}");
        var endpoint = new IPEndPoint(address, reference.Port ?? tftpPort);
        return await Task.Run(() => tftp.Run(endpoint, reference.Path, destination, cancellationToken), cancellationToken);
    }

    /// <summary>An IPv4 literal, or a DNS name; a name without dots gets option 15's domain first (doc/pxelinux.txt:357-370).</summary>
    public async Task<IPAddress?> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out var literal))
            return literal;
        var names = !host.Contains('.') && !string.IsNullOrEmpty(domainName) ? new[] { $"{host}.{domainName}", host } : [host];
        foreach (var name in names)
        {
            try
            {
                var addresses = await Dns.GetHostAddressesAsync(name, AddressFamily.InterNetwork, cancellationToken);
                if (addresses.Length > 0)
                    return addresses[0];
            }
            catch (SocketException)
            {
            }
        }
        return null;
    }
}
