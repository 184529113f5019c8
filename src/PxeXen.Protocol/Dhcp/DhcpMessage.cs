using System.Net;

namespace PxeXen.Protocol.Dhcp;

/// <summary>
/// One DHCPv4/BOOTP message (RFC 2131 §2): the fixed header fields and the options in wire order.
/// Read with <see cref="DhcpMessageReader.TryRead"/>, written with <see cref="DhcpMessageWriter"/>.
/// </summary>
public sealed class DhcpMessage
{
    public DhcpOp Op { get; set; } = DhcpOp.BootRequest;
    public byte HardwareType { get; set; } = 1;
    public byte HardwareLength { get; set; } = 6;
    public byte Hops { get; set; }
    public uint TransactionId { get; set; }
    public ushort Seconds { get; set; }
    public ushort Flags { get; set; }

    /// <summary>The BROADCAST bit of <see cref="Flags"/> (RFC 2131 §2, figure 2).</summary>
    public bool Broadcast
    {
        get => (Flags & DhcpLayout.BroadcastFlag) != 0;
        set => Flags = value ? (ushort)(Flags | DhcpLayout.BroadcastFlag) : (ushort)(Flags & ~DhcpLayout.BroadcastFlag);
    }

    public IPAddress ClientAddress { get; set; } = IPAddress.Any;
    public IPAddress YourAddress { get; set; } = IPAddress.Any;
    public IPAddress ServerAddress { get; set; } = IPAddress.Any;
    public IPAddress GatewayAddress { get; set; } = IPAddress.Any;

    /// <summary>The whole 16-byte chaddr field; the first <see cref="HardwareLength"/> bytes matter.</summary>
    public byte[] ClientHardwareAddress { get; set; } = new byte[DhcpLayout.ClientHardwareAddressLength];

    /// <summary><c>sname</c>; empty when the field carried options (option 52).</summary>
    public string ServerName { get; set; } = "";

    /// <summary><c>file</c>; empty when the field carried options (option 52).</summary>
    public string BootFileName { get; set; } = "";

    public DhcpOptions Options { get; } = new();

    public DhcpMessageType MessageType => Options.MessageType;

    /// <summary>chaddr as a normalised MAC (<c>aa:bb:cc:dd:ee:ff</c>) for Ethernet; hex pairs otherwise.</summary>
    public string ClientMac => MacAddress.Format(ClientHardwareAddress.AsSpan(0, Math.Min((int)HardwareLength, DhcpLayout.ClientHardwareAddressLength)));

    public void SetClientMac(ReadOnlySpan<byte> mac)
    {
        Array.Clear(ClientHardwareAddress);
        mac.CopyTo(ClientHardwareAddress);
        HardwareLength = (byte)mac.Length;
    }

    /// <summary>
    /// A BOOTREPLY to this request (RFC 2131 §4.1, table 3): xid, flags, giaddr, chaddr copied, the
    /// message type first, and the relay agent information echoed (RFC 3046 §2.2).
    /// </summary>
    public DhcpMessage CreateReply(DhcpMessageType type)
    {
        var reply = new DhcpMessage
        {
            Op = DhcpOp.BootReply,
            HardwareType = HardwareType,
            HardwareLength = HardwareLength,
            TransactionId = TransactionId,
            Flags = Flags,
            GatewayAddress = GatewayAddress,
            ClientHardwareAddress = (byte[])ClientHardwareAddress.Clone(),
        };
        reply.Options.MessageType = type;
        if (Options.TryGet(DhcpOptionCode.RelayAgentInformation, out var relay))
            reply.Options.Set(DhcpOptionCode.RelayAgentInformation, relay);
        return reply;
    }
}
