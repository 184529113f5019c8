using CsCheck;
using PxeXen.Protocol.Dhcp;

namespace PxeXen.Protocol.Tests.Dhcp;

public sealed class DhcpMalformedInputTests
{
    public static TheoryData<string, string, string> Cases()
    {
        var good = Convert.ToHexString(XenHelperDiscover.Bytes());
        string Patch(int offset, string hex) => good[..(offset * 2)] + hex + good[(offset * 2 + hex.Length)..];
        return new TheoryData<string, string, string>
        {
            { "short", good[..(239 * 2)], "header and magic cookie need 240" },
            { "op 3", Patch(0, "03"), "op at offset 0 is 3" },
            { "hlen 17", Patch(2, "11"), "hlen at offset 2 is 17" },
            { "no cookie", Patch(236, "00000000"), "magic cookie at offset 236" },
            { "length past end", good[..(240 * 2)] + "3c20414243", "option 60 at offset 240 in options claims 32 bytes, 3 remain" },
            { "no length byte", good[..(240 * 2)] + "35", "option 53 at offset 240 in options has no length byte" },
            { "no end", good[..(240 * 2)] + "350101", "without option 255" },
            { "bad overload", good[..(240 * 2)] + "340107ff", "option 52 (overload)" },
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TryRead_Malformed_ReturnsReasonNamingFieldAndOffset(string name, string hex, string reason)
    {
        Assert.False(DhcpMessageReader.TryRead(Convert.FromHexString(hex), out _, out var error), name);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void TryRead_TruncatedAtEveryOffset_FailsWithReason()
    {
        var bytes = XenHelperDiscover.Bytes();
        // Every prefix loses the end option (the last byte), so every one must be refused.
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.False(DhcpMessageReader.TryRead(bytes.AsSpan(0, length), out _, out var error), $"length {length}");
            Assert.False(string.IsNullOrEmpty(error));
        }
    }

    [Fact]
    public void TryRead_SeededRandomBytes_NeverThrows()
    {
        var random = new Random(20261125);
        var accepted = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = new byte[random.Next(0, 700)];
            random.NextBytes(bytes);
            if (i % 2 == 0 && bytes.Length >= 240)
            {
                // Half the inputs get a valid header so the option parser is exercised too.
                bytes[0] = 1; bytes[2] = 6;
                DhcpMessageReaderTests.Cookie.CopyTo(bytes, 236);
            }
            if (DhcpMessageReader.TryRead(bytes, out var m, out _))
            {
                accepted++;
                _ = m.Options.UserClasses; _ = m.Options.ClientArchitectures; _ = m.ClientMac; _ = m.Options.HostName;
            }
        }
        Assert.InRange(accepted, 1, 20_000);
    }

    [Fact]
    public void TryRead_CsCheckRandomOptions_NeverThrows()
    {
        Gen.Byte.Array[0, 400].Sample(options =>
        {
            byte[] bytes = [.. DhcpMessageReaderTests.Header(), .. options];
            _ = DhcpMessageReader.TryRead(bytes, out _, out _);
        }, iter: 5_000);
    }
}
