using System.Net;
using System.Text;
using PxeXen.Protocol.Dhcp;

namespace PxeXen.Bootloader.Network;

/// <summary>
/// The helper's DISCOVER and REQUEST (spec §8.2-8.3): chaddr = the guest MAC, broadcast flag,
/// the PXE ROM's options 93/94/60 so stock PXE server configurations answer, user class XenPV,
/// option 97 only with --uuid, no option 61 unless asked.
/// </summary>
internal static class DhcpClientMessages
{
    public const string DefaultVendorClass = "PXEClient:Arch:00000:UNDI:002001";
    public const string DefaultUserClass = "XenPV";

    /// <summary>1 3 6 12 15 28 43 60 66 67 208 209 210 211 (spec §8.2).</summary>
    private static readonly byte[] ParameterRequestList = [1, 3, 6, 12, 15, 28, 43, 60, 66, 67, 208, 209, 210, 211];

    public static DhcpMessage Discover(uint xid, ReadOnlySpan<byte> mac, ushort seconds, string? vendorClass, string? userClass, Guid? uuid, bool clientIdFromMac)
    {
        var message = Base(xid, mac, seconds, DhcpMessageType.Discover);
        AddClientOptions(message, mac, vendorClass, userClass, uuid, clientIdFromMac);
        return message;
    }

    /// <summary>REQUEST in the SELECTING state: options 50 and 54, ciaddr 0, broadcast (RFC 2131 §4.3.2).</summary>
    public static DhcpMessage Request(uint xid, ReadOnlySpan<byte> mac, ushort seconds, IPAddress requested, IPAddress serverId,
        string? vendorClass, string? userClass, Guid? uuid, bool clientIdFromMac)
    {
        var message = Base(xid, mac, seconds, DhcpMessageType.Request);
        AddClientOptions(message, mac, vendorClass, userClass, uuid, clientIdFromMac, requested, serverId);
        return message;
    }

    private static DhcpMessage Base(uint xid, ReadOnlySpan<byte> mac, ushort seconds, DhcpMessageType type)
    {
        var message = new DhcpMessage { TransactionId = xid, Seconds = seconds, Flags = DhcpLayout.BroadcastFlag };
        message.SetClientMac(mac);
        message.Options.MessageType = type;
        return message;
    }

    private static void AddClientOptions(DhcpMessage message, ReadOnlySpan<byte> mac, string? vendorClass, string? userClass,
        Guid? uuid, bool clientIdFromMac, IPAddress? requested = null, IPAddress? serverId = null)
    {
        if (requested is not null)
            message.Options.SetAddress(DhcpOptionCode.RequestedAddress, requested);
        if (serverId is not null)
            message.Options.SetAddress(DhcpOptionCode.ServerIdentifier, serverId);
        message.Options.SetUInt16(DhcpOptionCode.MaxMessageSize, 1472);
        message.Options.Set(DhcpOptionCode.ParameterRequestList, ParameterRequestList);
        message.Options.SetClientArchitecture(ClientArchitecture.X86Bios);
        message.Options.SetClientNdi(new ClientNdi(1, 2, 1)); // UNDI 2.1
        message.Options.SetString(DhcpOptionCode.VendorClassIdentifier, vendorClass ?? DefaultVendorClass);
        if (uuid is { } id)
            message.Options.SetClientMachineId(id);
        var user = userClass ?? DefaultUserClass;
        if (user.Length > 0)
            message.Options.Set(DhcpOptionCode.UserClass, Encoding.Latin1.GetBytes(user));
        if (clientIdFromMac)
            message.Options.Set(DhcpOptionCode.ClientIdentifier, (byte[])[1, .. mac]);
    }
}
