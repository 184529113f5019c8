using System.Net;
using PxeXen.Protocol.Dhcp;

namespace PxeXen.Protocol.Tests.Dhcp;

public sealed class DhcpMessageWriterTests
{
    [Fact]
    public void Write_OptionLongerThan255_SplitsAndRoundTrips()
    {
        var m = Offer();
        var long300 = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        m.Options.Set(DhcpOptionCode.VendorSpecific, long300);

        var bytes = DhcpMessageWriter.Write(m);
        Assert.True(DhcpMessageReader.TryRead(bytes, out var read, out var error), error);

        Assert.Equal(long300, read.Options.Get(DhcpOptionCode.VendorSpecific).ToArray());
        // Two instances on the wire: 255 + 45 bytes.
        Assert.Equal(2, CountInstances(bytes, DhcpOptionCode.VendorSpecific));
    }

    [Fact]
    public void Write_OptionsPastMaxLength_OverloadFileAndSname()
    {
        var m = Offer();
        m.Options.Set(DhcpOptionCode.VendorSpecific, new byte[200]);
        m.Options.SetString(DhcpOptionCode.DomainName, new string('d', 100));
        m.Options.SetString(DhcpOptionCode.HostName, new string('h', 40));

        var bytes = DhcpMessageWriter.Write(m, maxLength: DhcpLayout.DefaultMaxMessageLength);
        Assert.True(bytes.Length <= DhcpLayout.DefaultMaxMessageLength);
        Assert.True(DhcpMessageReader.TryRead(bytes, out var read, out var error), error);

        Assert.Equal((byte)3, read.Options.Get(DhcpOptionCode.Overload)[0]);
        Assert.Equal(new string('d', 100), read.Options.GetString(DhcpOptionCode.DomainName));
        Assert.Equal(new string('h', 40), read.Options.HostName);
        Assert.Equal(200, read.Options.Get(DhcpOptionCode.VendorSpecific).Length);
    }

    [Fact]
    public void Write_OptionsTooLargeEvenWithOverload_ReturnsFalse()
    {
        var m = Offer();
        m.BootFileName = "pxelinux.0";
        m.Options.Set(DhcpOptionCode.VendorSpecific, new byte[1000]);
        Assert.False(DhcpMessageWriter.TryWrite(m, new byte[1500], out _, maxLength: 576));
    }

    [Fact]
    public void Write_Fields_RoundTrip()
    {
        var m = Offer();
        m.ServerName = "tftp.example";
        m.BootFileName = "pxelinux.0";
        m.Options.SetAddresses(DhcpOptionCode.Router, [IPAddress.Parse("10.0.0.1"), IPAddress.Parse("10.0.0.2")]);
        m.Options.SetUInt32(DhcpOptionCode.LeaseTime, 3600);

        var bytes = DhcpMessageWriter.Write(m);
        Assert.Equal(DhcpLayout.MinimumMessageLength, bytes.Length);
        Assert.True(DhcpMessageReader.TryRead(bytes, out var read, out var error), error);

        Assert.Equal(DhcpMessageType.Offer, read.MessageType);
        Assert.Equal(IPAddress.Parse("10.0.0.50"), read.YourAddress);
        Assert.Equal(IPAddress.Parse("10.0.0.1"), read.ServerAddress);
        Assert.Equal("tftp.example", read.ServerName);
        Assert.Equal("pxelinux.0", read.BootFileName);
        Assert.Equal(2, read.Options.GetAddresses(DhcpOptionCode.Router).Count);
        Assert.Equal(3600u, read.Options.LeaseTime);
        Assert.Equal("aa:bb:cc:00:00:01", read.ClientMac);
    }

    private static DhcpMessage Offer()
    {
        var m = new DhcpMessage { Op = DhcpOp.BootReply, TransactionId = 42, YourAddress = IPAddress.Parse("10.0.0.50"), ServerAddress = IPAddress.Parse("10.0.0.1") };
        m.SetClientMac([0xaa, 0xbb, 0xcc, 0, 0, 1]);
        m.Options.MessageType = DhcpMessageType.Offer;
        m.Options.SetAddress(DhcpOptionCode.ServerIdentifier, IPAddress.Parse("10.0.0.1"));
        return m;
    }

    private static int CountInstances(byte[] bytes, byte code)
    {
        var count = 0;
        for (var i = DhcpLayout.Options; i < bytes.Length && bytes[i] != 255;)
        {
            if (bytes[i] == 0) { i++; continue; }
            if (bytes[i] == code) count++;
            i += 2 + bytes[i + 1];
        }
        return count;
    }
}
