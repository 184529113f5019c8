using System.Net;
using PxeXen.Protocol.Dhcp;

namespace PxeXen.Protocol.Tests.Dhcp;

public sealed class DhcpMessageReaderTests
{
    [Fact]
    public void TryRead_XenHelperDiscover_ReadsEveryField()
    {
        var bytes = XenHelperDiscover.Bytes();
        Assert.Equal(307, bytes.Length);

        Assert.True(DhcpMessageReader.TryRead(bytes, out var m, out var error), error);

        Assert.Equal(DhcpOp.BootRequest, m.Op);
        Assert.Equal(0x11223344u, m.TransactionId);
        Assert.True(m.Broadcast);
        Assert.Equal("00:16:3e:11:11:11", m.ClientMac);
        Assert.Equal(IPAddress.Any, m.ClientAddress);
        Assert.Equal(DhcpMessageType.Discover, m.MessageType);
        Assert.Equal((ushort)1472, m.Options.MaxMessageSize);
        Assert.Equal(new byte[] { 1, 3, 6, 12, 15, 28, 43, 60, 66, 67, 208, 209, 210, 211 }, m.Options.ParameterRequestList.ToArray());
        Assert.Equal((ushort)0, m.Options.ClientArchitecture);
        Assert.Equal(new ClientNdi(1, 2, 1), m.Options.ClientNdi);
        Assert.Equal("PXEClient:Arch:00000:UNDI:002001", m.Options.VendorClass);
        Assert.Equal([53, 57, 55, 93, 94, 60], m.Options.Select(o => (int)o.Code));
        Assert.Empty(m.Options.UserClasses);
        Assert.Equal("", m.BootFileName);
    }

    [Fact]
    public void Write_XenHelperDiscover_ReproducesTheGoldenBytes()
    {
        var m = new DhcpMessage { TransactionId = 0x11223344, Broadcast = true };
        m.SetClientMac([0x00, 0x16, 0x3e, 0x11, 0x11, 0x11]);
        m.Options.MessageType = DhcpMessageType.Discover;
        m.Options.SetUInt16(DhcpOptionCode.MaxMessageSize, 1472);
        m.Options.Set(DhcpOptionCode.ParameterRequestList, new byte[] { 1, 3, 6, 12, 15, 28, 43, 60, 66, 67, 208, 209, 210, 211 });
        m.Options.SetClientArchitecture(ClientArchitecture.X86Bios);
        m.Options.SetClientNdi(new ClientNdi(1, 2, 1));
        m.Options.SetString(DhcpOptionCode.VendorClassIdentifier, "PXEClient:Arch:00000:UNDI:002001");

        Assert.Equal(Convert.ToHexString(XenHelperDiscover.Bytes()), Convert.ToHexString(DhcpMessageWriter.Write(m)));
    }

    [Fact]
    public void TryRead_SplitLongOption_JoinsInstancesRfc3396()
    {
        var first = Enumerable.Repeat((byte)'a', 255).ToArray();
        byte[] options = [.. Cookie, 0x0c, 255, .. first, 0x35, 1, 1, 0x0c, 3, (byte)'b', (byte)'c', (byte)'d', 0xff];
        var bytes = Header().Concat(options.Skip(4)).ToArray();

        Assert.True(DhcpMessageReader.TryRead(bytes, out var m, out var error), error);

        Assert.Equal(258, m.Options.HostName!.Length);
        Assert.EndsWith("abcd", m.Options.HostName);
        Assert.Equal([12, 53], m.Options.Select(o => (int)o.Code));
    }

    [Fact]
    public void TryRead_Overload_ReadsOptionsFromFileThenSname()
    {
        var bytes = Header();
        // sname carries 15 "sname.example", file carries 67 "boot.efi"; the options field says 52 = 3.
        byte[] file = [67, 8, .. "boot.efi"u8, 0xff];
        byte[] sname = [15, 7, .. "example"u8, 0xff];
        file.CopyTo(bytes, DhcpLayout.File);
        sname.CopyTo(bytes, DhcpLayout.ServerName);
        bytes = [.. bytes, 53, 1, 1, 52, 1, 3, 0xff];

        Assert.True(DhcpMessageReader.TryRead(bytes, out var m, out var error), error);

        Assert.Equal("boot.efi", m.Options.GetString(DhcpOptionCode.BootFileName));
        Assert.Equal("example", m.Options.GetString(DhcpOptionCode.DomainName));
        Assert.Equal("", m.BootFileName);
        Assert.Equal("", m.ServerName);
    }

    [Theory]
    [InlineData("04695058450558656e5056", new[] { "iPXE", "XenPV" })] // RFC 3004
    [InlineData("69505845", new[] { "iPXE" })]                      // iPXE's bare string
    [InlineData("58656e5056", new[] { "XenPV" })]                   // the Xen helper
    [InlineData("0a616263", new[] { "\nabc" })]                     // length past end: bare
    public void UserClass_ReadsBothForms(string hex, string[] expected)
    {
        Assert.Equal(expected, UserClass.Parse(Convert.FromHexString(hex)));
    }

    [Fact]
    public void RelayAgentInformation_IsEchoedInReplies()
    {
        byte[] relay = [1, 4, 0, 0, 0, 7, 2, 2, 0xab, 0xcd];
        var request = new DhcpMessage { TransactionId = 9, GatewayAddress = IPAddress.Parse("10.1.0.1") };
        request.Options.MessageType = DhcpMessageType.Discover;
        request.Options.Set(DhcpOptionCode.RelayAgentInformation, relay);
        request.Options.SetString(DhcpOptionCode.HostName, "x");

        var reply = request.CreateReply(DhcpMessageType.Offer);
        reply.Options.SetAddress(DhcpOptionCode.ServerIdentifier, IPAddress.Parse("10.1.0.2"));
        Assert.True(DhcpMessageReader.TryRead(DhcpMessageWriter.Write(reply), out var read, out var error), error);

        Assert.Equal(relay, read.Options.RelayAgentInformation.ToArray());
        Assert.Equal(DhcpOptionCode.RelayAgentInformation, read.Options[^1].Code);
        Assert.Equal(IPAddress.Parse("10.1.0.1"), read.GatewayAddress);
        Assert.Equal(DhcpOp.BootReply, read.Op);
    }

    [Fact]
    public void ClientMachineId_KeepsUuidTextOrder()
    {
        var id = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");
        var m = new DhcpMessage();
        m.Options.SetClientMachineId(id);
        Assert.Equal("00" + "00112233445566778899AABBCCDDEEFF", Convert.ToHexString(m.Options.Get(DhcpOptionCode.ClientMachineId)));
        Assert.Equal(id, m.Options.ClientMachineId);
    }

    internal static readonly byte[] Cookie = [0x63, 0x82, 0x53, 0x63];

    internal static byte[] Header()
    {
        var header = new byte[240];
        header[0] = 1; header[1] = 1; header[2] = 6;
        Cookie.CopyTo(header, 236);
        return header;
    }
}
