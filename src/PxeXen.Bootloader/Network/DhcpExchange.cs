using System.Diagnostics;
using System.Net;
using PxeXen.Protocol.Dhcp;

namespace PxeXen.Bootloader.Network;

/// <summary>
/// DISCOVER → OFFER(s) → REQUEST (50, 54) → ACK, as a PXE ROM does it (spec §8.3), in one linear
/// method. Retransmits on RFC 2131 §4.1's schedule (4, 8, 16, 32 s, ±1 s), gives up at the
/// timeout, restarts after a NAK (3 times at most), never sends RELEASE or DECLINE.
/// </summary>
internal sealed class DhcpExchange(IDhcpTransport transport, byte[] mac, Diagnostics log)
{
    /// <summary>How long to keep listening after an OFFER without boot information, for a ProxyDHCP offer.</summary>
    public TimeSpan ProxyWait { get; init; } = TimeSpan.FromSeconds(1.5);

    public string? VendorClass { get; init; }
    public string? UserClass { get; init; }
    public Guid? Uuid { get; init; }
    public bool ClientIdFromMac { get; init; }

    /// <summary>First retransmission interval (RFC 2131 §4.1: 4 s, doubling to 64 s).</summary>
    public TimeSpan FirstInterval { get; init; } = TimeSpan.FromSeconds(4);

    public async Task<(DhcpLease? Lease, string? Error)> RunAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var xid = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
        for (var restart = 0; restart <= 3; restart++)
        {
            // --- DISCOVER, collect offers
            DhcpMessage? offer = null, proxy = null;
            var interval = FirstInterval;
            var nextSend = TimeSpan.Zero;
            TimeSpan? collectUntil = null;
            while (true)
            {
                if (clock.Elapsed >= nextSend)
                {
                    var discover = DhcpClientMessages.Discover(xid, mac, Seconds(clock), VendorClass, UserClass, Uuid, ClientIdFromMac);
                    await transport.SendAsync(DhcpMessageWriter.Write(discover), cancellationToken);
                    log.Detail($"DHCPDISCOVER xid 0x{xid:x8} sent");
                    nextSend = clock.Elapsed + Jitter(interval);
                    interval = interval < TimeSpan.FromSeconds(64) ? interval * 2 : interval;
                }
                if (collectUntil is { } until && clock.Elapsed >= until)
                    break;
                if (clock.Elapsed >= timeout)
                    return (null, offer is null && proxy is null
                        ? $"no DHCPOFFER for {MacAddress.Format(mac)} within {timeout.TotalSeconds:0} s (is a DHCP server answering on this bridge?)"
                        : $"only a ProxyDHCP offer for {MacAddress.Format(mac)}, no address offer within {timeout.TotalSeconds:0} s");
                var wait = Min(nextSend, collectUntil ?? TimeSpan.MaxValue, timeout) - clock.Elapsed;
                var reply = await ReceiveReplyAsync(xid, wait, cancellationToken);
                if (reply is null || reply.MessageType != DhcpMessageType.Offer)
                    continue;
                if (reply.YourAddress.Equals(IPAddress.Any))
                {
                    if (reply.Options.VendorClass?.StartsWith("PXEClient", StringComparison.Ordinal) == true && proxy is null)
                    {
                        proxy = reply; // iPXE's rule for a ProxyDHCP offer (dhcp_rx_dhcpoffer)
                        log.Step($"ProxyDHCP offer from {reply.Options.ServerIdentifier}");
                    }
                }
                else if (offer is null)
                {
                    offer = reply;
                    log.Step($"DHCPOFFER {reply.YourAddress} from {reply.Options.ServerIdentifier}");
                }
                if (offer is not null && collectUntil is null)
                    collectUntil = HasBootInfo(offer) || proxy is not null ? clock.Elapsed : clock.Elapsed + ProxyWait;
                else if (offer is not null && proxy is not null)
                    break;
            }
            if (offer is null)
                continue;
            var serverId = offer.Options.ServerIdentifier ?? offer.ServerAddress;

            // --- REQUEST, wait for ACK or NAK
            interval = FirstInterval;
            nextSend = TimeSpan.Zero;
            while (true)
            {
                if (clock.Elapsed >= nextSend)
                {
                    var request = DhcpClientMessages.Request(xid, mac, Seconds(clock), offer.YourAddress, serverId, VendorClass, UserClass, Uuid, ClientIdFromMac);
                    await transport.SendAsync(DhcpMessageWriter.Write(request), cancellationToken);
                    log.Detail($"DHCPREQUEST {offer.YourAddress} to {serverId}");
                    nextSend = clock.Elapsed + Jitter(interval);
                    interval *= 2;
                }
                if (clock.Elapsed >= timeout)
                    return (null, $"no DHCPACK from {serverId} for {offer.YourAddress} within {timeout.TotalSeconds:0} s");
                var reply = await ReceiveReplyAsync(xid, Min(nextSend, timeout, timeout) - clock.Elapsed, cancellationToken);
                if (reply is null)
                    continue;
                var from = reply.Options.ServerIdentifier;
                if (from is not null && !from.Equals(serverId))
                    continue; // an answer meant for another server's offer
                if (reply.MessageType == DhcpMessageType.Ack)
                {
                    log.Step($"DHCPACK {reply.YourAddress} from {serverId}");
                    return (DhcpLease.From(reply, offer, proxy), null);
                }
                if (reply.MessageType == DhcpMessageType.Nak)
                {
                    log.Warning($"DHCPNAK from {serverId} ({reply.Options.GetString(DhcpOptionCode.Message) ?? "no message"}); starting over");
                    xid++;
                    break;
                }
            }
        }
        return (null, $"DHCP for {MacAddress.Format(mac)} was refused (DHCPNAK) 4 times");
    }

    /// <summary>
    /// Accepts only replies for this helper (spec §8.3): op 2, our xid, chaddr = the guest MAC,
    /// the cookie (checked by the reader), type OFFER/ACK/NAK. Other helpers' replies are dropped.
    /// </summary>
    private async Task<DhcpMessage?> ReceiveReplyAsync(uint xid, TimeSpan wait, CancellationToken cancellationToken)
    {
        var datagram = await transport.ReceiveAsync(wait, cancellationToken);
        if (datagram is null)
            return null;
        if (!DhcpMessageReader.TryRead(datagram, out var message, out var error))
        {
            log.Detail($"malformed DHCP datagram ignored: {error}");
            return null;
        }
        if (message.Op != DhcpOp.BootReply || message.TransactionId != xid
            || !message.ClientHardwareAddress.AsSpan(0, 6).SequenceEqual(mac)
            || message.MessageType is not (DhcpMessageType.Offer or DhcpMessageType.Ack or DhcpMessageType.Nak))
            return null;
        return message;
    }

    private static bool HasBootInfo(DhcpMessage offer) =>
        !offer.ServerAddress.Equals(IPAddress.Any) || offer.BootFileName.Length > 0
        || offer.Options.Contains(DhcpOptionCode.BootFileName) || offer.Options.Contains(DhcpOptionCode.TftpServerName);

    private static ushort Seconds(Stopwatch clock) => (ushort)Math.Min(ushort.MaxValue, clock.Elapsed.TotalSeconds);

    /// <summary>RFC 2131 §4.1: randomised by ±1 s (at most a quarter of the interval, for short test intervals).</summary>
    private static TimeSpan Jitter(TimeSpan interval)
    {
        var spread = (int)Math.Min(1000, interval.TotalMilliseconds / 4);
        return interval + TimeSpan.FromMilliseconds(Random.Shared.Next(-spread, spread + 1));
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b, TimeSpan c) => a < b ? (a < c ? a : c) : (b < c ? b : c);
}
