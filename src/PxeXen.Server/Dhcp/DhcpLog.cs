using System.Net;
using Microsoft.Extensions.Logging;

namespace PxeXen.Server.Dhcp;

internal static partial class DhcpLog
{
    [LoggerMessage(1, LogLevel.Debug, "DHCP datagram from {Peer} on {Interface} ignored: {Reason}")]
    public static partial void Malformed(ILogger logger, string peer, string @interface, string reason);

    [LoggerMessage(2, LogLevel.Debug, "{ClientMac} xid {TransactionId:x8}: unknown MAC ignored (Dhcp:Boot:UnknownMacs)")]
    public static partial void UnknownIgnored(ILogger logger, string clientMac, uint transactionId);

    [LoggerMessage(3, LogLevel.Warning, "{ClientMac}: no subnet for giaddr {Gateway} / interface address {Local}")]
    public static partial void NoSubnet(ILogger logger, string clientMac, IPAddress gateway, IPAddress local);

    [LoggerMessage(4, LogLevel.Warning, "{ClientMac}: no free address in {Subnet}")]
    public static partial void PoolExhausted(ILogger logger, string clientMac, string subnet);

    [LoggerMessage(5, LogLevel.Information, "{ClientMac} xid {TransactionId:x8}: NAK, {Reason}")]
    public static partial void Nak(ILogger logger, string clientMac, uint transactionId, string reason);

    [LoggerMessage(6, LogLevel.Warning, "{ClientMac} declined {Address}: quarantined")]
    public static partial void Declined(ILogger logger, string clientMac, IPAddress address);

    [LoggerMessage(7, LogLevel.Information, "DHCP ({Mode}) listening on {Interface} {Address} port {Port}")]
    public static partial void Listening(ILogger logger, DhcpMode mode, string @interface, IPAddress address, int port);

    [LoggerMessage(8, LogLevel.Error, "lease commit of {Count} changes failed; their replies are dropped (clients retry)")]
    public static partial void CommitFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(9, LogLevel.Warning, "{ClientMac}: the store refused {Address} (held by another client or server): NAK")]
    public static partial void ClaimRefused(ILogger logger, string clientMac, IPAddress address);

    [LoggerMessage(10, LogLevel.Error, "DHCP reply to {ClientMac} via {Peer} failed")]
    public static partial void SendFailed(ILogger logger, Exception exception, string clientMac, string peer);

    [LoggerMessage(11, LogLevel.Information, "DHCP leases loaded: {Count}")]
    public static partial void Loaded(ILogger logger, int count);

    [LoggerMessage(12, LogLevel.Error, "DHCP responder failed on a request from {ClientMac}")]
    public static partial void ResponderFailed(ILogger logger, Exception exception, string clientMac);
}
