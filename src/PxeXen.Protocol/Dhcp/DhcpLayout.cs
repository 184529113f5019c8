namespace PxeXen.Protocol.Dhcp;

/// <summary>
/// The fixed BOOTP header (RFC 2131 §2, figure 1); each offset derives from the previous length.
/// <code>
///  0 op | htype | hlen | hops      4 xid        8 secs | flags   12 ciaddr  16 yiaddr
/// 20 siaddr   24 giaddr   28 chaddr (16)   44 sname (64)   108 file (128)   236 cookie   240 options
/// </code>
/// </summary>
public static class DhcpLayout
{
    public const int Op = 0;
    public const int HardwareType = Op + 1;
    public const int HardwareLength = HardwareType + 1;
    public const int Hops = HardwareLength + 1;
    public const int TransactionId = Hops + 1;
    public const int Seconds = TransactionId + 4;
    public const int Flags = Seconds + 2;
    public const int ClientAddress = Flags + 2;
    public const int YourAddress = ClientAddress + 4;
    public const int ServerAddress = YourAddress + 4;
    public const int GatewayAddress = ServerAddress + 4;
    public const int ClientHardwareAddress = GatewayAddress + 4;
    public const int ClientHardwareAddressLength = 16;
    public const int ServerName = ClientHardwareAddress + ClientHardwareAddressLength;
    public const int ServerNameLength = 64;
    public const int File = ServerName + ServerNameLength;
    public const int FileLength = 128;
    public const int MagicCookie = File + FileLength;
    public const int Options = MagicCookie + 4;

    /// <summary>99.130.83.99 (RFC 2131 §3).</summary>
    public const uint Cookie = 0x63825363;

    /// <summary>The BOOTP minimum (RFC 951 §3) some relays and clients still enforce.</summary>
    public const int MinimumMessageLength = 300;

    /// <summary>RFC 2131 §2: every client must accept 576-byte IP datagrams, i.e. 548 bytes of DHCP.</summary>
    public const int DefaultMaxMessageLength = 576 - 28;

    public const ushort BroadcastFlag = 0x8000;
}
