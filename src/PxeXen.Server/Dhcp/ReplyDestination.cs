using System.Net;

namespace PxeXen.Server.Dhcp;

/// <param name="Rule">Which line of RFC 2131 §4.1 chose it, for logs and tests.</param>
internal readonly record struct ReplyDestination(IPEndPoint EndPoint, bool Broadcast, string Rule);
