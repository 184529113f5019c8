using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace PxeXen.Protocol.Dhcp;

public sealed partial class DhcpOptions
{
    public DhcpMessageType MessageType
    {
        get => Get(DhcpOptionCode.MessageType) is [var t] ? (DhcpMessageType)t : DhcpMessageType.None;
        set => Set(DhcpOptionCode.MessageType, new[] { (byte)value });
    }

    public IPAddress? GetAddress(byte code) =>
        Get(code) is { Length: 4 } data ? new IPAddress(data) : null;

    public void SetAddress(byte code, IPAddress address) => Set(code, address.GetAddressBytes());

    /// <summary>Lists of addresses (routers, DNS): data whose length is not a multiple of 4 yields none.</summary>
    public IReadOnlyList<IPAddress> GetAddresses(byte code)
    {
        var data = Get(code);
        if (data.Length == 0 || data.Length % 4 != 0)
            return [];
        var result = new IPAddress[data.Length / 4];
        for (var i = 0; i < result.Length; i++)
            result[i] = new IPAddress(data.Slice(i * 4, 4));
        return result;
    }

    public void SetAddresses(byte code, IEnumerable<IPAddress> addresses)
    {
        var bytes = addresses.SelectMany(a => a.GetAddressBytes()).ToArray();
        if (bytes.Length > 0)
            Set(code, bytes);
    }

    public uint? GetUInt32(byte code) =>
        Get(code) is { Length: 4 } data ? BinaryPrimitives.ReadUInt32BigEndian(data) : null;

    public void SetUInt32(byte code, uint value)
    {
        var data = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(data, value);
        Set(code, data);
    }

    public ushort? GetUInt16(byte code) =>
        Get(code) is { Length: 2 } data ? BinaryPrimitives.ReadUInt16BigEndian(data) : null;

    public void SetUInt16(byte code, ushort value)
    {
        var data = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(data, value);
        Set(code, data);
    }

    /// <summary>Text options (RFC 2132 §2: no NUL terminator, but some clients add one; it is dropped).</summary>
    public string? GetString(byte code)
    {
        if (!TryGet(code, out var data))
            return null;
        var span = data.Span;
        var nul = span.IndexOf((byte)0);
        return Encoding.Latin1.GetString(nul >= 0 ? span[..nul] : span);
    }

    public void SetString(byte code, string value) => Set(code, Encoding.Latin1.GetBytes(value));

    public IPAddress? RequestedAddress => GetAddress(DhcpOptionCode.RequestedAddress);
    public IPAddress? ServerIdentifier => GetAddress(DhcpOptionCode.ServerIdentifier);
    public uint? LeaseTime => GetUInt32(DhcpOptionCode.LeaseTime);
    public ushort? MaxMessageSize => GetUInt16(DhcpOptionCode.MaxMessageSize);
    public string? HostName => GetString(DhcpOptionCode.HostName);
    public string? VendorClass => GetString(DhcpOptionCode.VendorClassIdentifier);
    public ReadOnlySpan<byte> ParameterRequestList => Get(DhcpOptionCode.ParameterRequestList);
    public ReadOnlySpan<byte> ClientIdentifier => Get(DhcpOptionCode.ClientIdentifier);

    /// <summary>RFC 3046: the relay's sub-options, echoed verbatim in replies.</summary>
    public ReadOnlySpan<byte> RelayAgentInformation => Get(DhcpOptionCode.RelayAgentInformation);

    /// <summary>Option 93: every architecture type the client lists (RFC 4578 §2.1), in order.</summary>
    public IReadOnlyList<ushort> ClientArchitectures
    {
        get
        {
            var data = Get(DhcpOptionCode.ClientArchitecture);
            var result = new ushort[data.Length / 2];
            for (var i = 0; i < result.Length; i++)
                result[i] = BinaryPrimitives.ReadUInt16BigEndian(data[(i * 2)..]);
            return result;
        }
    }

    /// <summary>The first architecture in option 93, or null when absent or shorter than 2 bytes.</summary>
    public ushort? ClientArchitecture => GetUInt16Prefix(DhcpOptionCode.ClientArchitecture);

    public void SetClientArchitecture(ushort type) => SetUInt16(DhcpOptionCode.ClientArchitecture, type);

    public ClientNdi? ClientNdi => Get(DhcpOptionCode.ClientNdi) is [var t, var major, var minor] ? new ClientNdi(t, major, minor) : null;

    public void SetClientNdi(ClientNdi ndi) => Set(DhcpOptionCode.ClientNdi, new[] { ndi.Type, ndi.Major, ndi.Minor });

    /// <summary>
    /// Option 97 type 0: the 16 bytes in the order of the UUID's text (PXELINUX prints them byte by
    /// byte, <c>sysappend.c</c>), hence big-endian Guid conversion.
    /// </summary>
    public Guid? ClientMachineId => Get(DhcpOptionCode.ClientMachineId) is { Length: 17 } data && data[0] == 0
        ? new Guid(data[1..], bigEndian: true) : null;

    public void SetClientMachineId(Guid id)
    {
        var data = new byte[17];
        id.TryWriteBytes(data.AsSpan(1), bigEndian: true, out _);
        Set(DhcpOptionCode.ClientMachineId, data);
    }

    /// <summary>Option 77 in either form: RFC 3004 length-prefixed classes or one bare string.</summary>
    public IReadOnlyList<string> UserClasses => UserClass.Parse(Get(DhcpOptionCode.UserClass));

    /// <summary>Option 175: iPXE announces itself with its encapsulated feature options.</summary>
    public bool HasIpxeOptions => Contains(DhcpOptionCode.IpxeEncapsulated);

    private ushort? GetUInt16Prefix(byte code) =>
        Get(code) is { Length: >= 2 } data ? BinaryPrimitives.ReadUInt16BigEndian(data) : null;
}
