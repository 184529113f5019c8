namespace PxeXen.Protocol.Dhcp;

/// <summary>BOOTP <c>op</c> (RFC 951): who is talking.</summary>
public enum DhcpOp : byte
{
    BootRequest = 1,
    BootReply = 2,
}
