using System.Net;
using PxeXen.Protocol.Dhcp;

namespace PxeXen.Bootloader.Network;

/// <summary>
/// What the helper learned from DHCP (spec §8.4): the ACK's fields, falling back to the OFFER's and
/// then to a ProxyDHCP offer's for boot information some servers send only there.
/// </summary>
internal sealed record DhcpLease(
    IPAddress ClientAddress,
    IPAddress? BootServer,
    string? BootFile,
    IPAddress? ServerIdentifier,
    IPAddress? SubnetMask,
    IPAddress? Router,
    string? DomainName,
    string? TftpServerName,
    string? ConfigFile,
    string? PathPrefix,
    IPAddress? BootServerMenuFrom = null)
{
    // PXE vendor options inside option 43 (PXE spec 2.1, table 2-1): 6 discovery control,
    // 8 boot servers, 9 boot menu. A ProxyDHCP offer carrying them asks for boot-server discovery.
    private static ReadOnlySpan<byte> DiscoveryOptions => [6, 8, 9];

    /// <summary>Merges the messages, first non-empty value wins (ACK, then OFFER, then proxy offer).</summary>
    public static DhcpLease From(DhcpMessage ack, DhcpMessage? offer, DhcpMessage? proxy)
    {
        var messages = new[] { ack, offer, proxy }.Where(m => m is not null).Cast<DhcpMessage>().ToArray();
        T? First<T>(Func<DhcpMessage, T?> pick) where T : class =>
            messages.Select(pick).FirstOrDefault(v => v is not null && !(v is string s && s.Length == 0));
        var siaddr = First(m => IsSet(m.ServerAddress) ? m.ServerAddress : null);
        var serverId = First(m => m.Options.ServerIdentifier);
        return new DhcpLease(
            ClientAddress: ack.YourAddress,
            BootServer: siaddr,
            // Option 67 is read first, then a non-empty file field overwrites it (dhcp_option.c:96-100).
            BootFile: First(m => m.BootFileName.Length > 0 ? m.BootFileName : m.Options.GetString(DhcpOptionCode.BootFileName)),
            ServerIdentifier: serverId,
            SubnetMask: First(m => m.Options.GetAddress(DhcpOptionCode.SubnetMask)),
            Router: First(m => m.Options.GetAddresses(DhcpOptionCode.Router) is [var router, ..] ? router : null),
            DomainName: First(m => m.Options.GetString(DhcpOptionCode.DomainName)),
            TftpServerName: First(m => m.Options.GetString(DhcpOptionCode.TftpServerName)),
            ConfigFile: First(m => PxelinuxOption(m, 209)),
            PathPrefix: First(m => PxelinuxOption(m, 210)),
            BootServerMenuFrom: proxy is not null && HasDiscoveryMenu(proxy) ? proxy.Options.ServerIdentifier ?? IPAddress.Any : null);
    }

    private static bool HasDiscoveryMenu(DhcpMessage message) => TryFindVendorOption(message, DiscoveryOptions, out _);

    private static bool IsSet(IPAddress address) => !address.Equals(IPAddress.Any);

    /// <summary>PXELINUX options 208-211 either directly or inside option 43 (dhcp_option.c:55-59).</summary>
    private static string? PxelinuxOption(DhcpMessage message, byte code)
    {
        if (message.Options.GetString(code) is { } direct)
            return direct;
        if (!TryFindVendorOption(message, [code], out var data))
            return null;
        var nul = data.IndexOf((byte)0);
        return System.Text.Encoding.Latin1.GetString(nul >= 0 ? data[..nul] : data);
    }

    /// <summary>The first sub-option of option 43 whose code is one of <paramref name="codes"/> (0 pads, 255 ends).</summary>
    private static bool TryFindVendorOption(DhcpMessage message, ReadOnlySpan<byte> codes, out ReadOnlySpan<byte> data)
    {
        var vendor = message.Options.Get(DhcpOptionCode.VendorSpecific);
        for (var i = 0; i + 1 < vendor.Length;)
        {
            var sub = vendor[i];
            if (sub == 0) { i++; continue; }
            if (sub == 255) break;
            var length = vendor[i + 1];
            if (i + 2 + length > vendor.Length) break;
            if (codes.Contains(sub))
            {
                data = vendor.Slice(i + 2, length);
                return true;
            }
            i += 2 + length;
        }
        data = default;
        return false;
    }
}
