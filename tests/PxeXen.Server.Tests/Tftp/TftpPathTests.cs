using System.ComponentModel.DataAnnotations;
using PxeXen.Server.Tftp;

namespace PxeXen.Server.Tests.Tftp;

public sealed class TftpPathTests
{
    [Theory]
    [InlineData("pxelinux.0", "pxelinux.0")]
    [InlineData("/pxelinux.0", "pxelinux.0")]
    [InlineData("//a///b/./c", "a/b/c")]
    [InlineData("a\\b\\c", "a/b/c")]
    [InlineData("%2e%2e/x", "%2e%2e/x")]   // not decoded: a literal name that cannot climb
    [InlineData("..a/b..", "..a/b..")]
    public void TryNormalize_Accepts(string requested, string expected)
    {
        Assert.True(TftpPath.TryNormalize(requested, 1024, out var path, out var reason), reason);
        Assert.Equal(expected, path);
    }

    [Theory]
    [InlineData("", "empty file name")]
    [InlineData("/", "file name names the root directory")]
    [InlineData("..", "file name climbs out with '..'")]
    [InlineData("a/../../b", "file name climbs out with '..'")]
    [InlineData("a\\..\\b", "file name climbs out with '..'")]
    [InlineData("a\0b", "file name contains character U+0000")]
    [InlineData("a\uFFFDb", "file name contains character U+FFFD")]
    [InlineData("a\nb", "file name contains character U+000A")]
    public void TryNormalize_Refuses(string requested, string expected)
    {
        Assert.False(TftpPath.TryNormalize(requested, 1024, out _, out var reason));
        Assert.Equal(expected, reason);
    }

    [Fact]
    public void TryNormalize_OverlongName_IsRefused()
    {
        Assert.False(TftpPath.TryNormalize(new string('é', 600), 1024, out _, out var reason));
        Assert.Equal("file name longer than 1024 bytes", reason);
    }

    [Fact]
    public void Netascii_Encode_FollowsRfc764()
    {
        Assert.Equal("a\r\nb\r\0c\r\0\r\n"u8.ToArray(), Netascii.Encode("a\nb\rc\r\n"u8));
        Assert.Empty(Netascii.Encode([]));
    }

    [Fact]
    public void Settings_WrongAddressOrMissingRoot_AreNamed()
    {
        var settings = new TftpSettings { Address = "not-an-ip", Root = "/nonexistent/pxx", Port = 70_000 };
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true);
        Assert.Contains(results, r => r.MemberNames.Contains("Port"));
        results.Clear();
        settings.Port = 69;
        Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true);
        Assert.Contains(results, r => r.MemberNames.Contains("Address"));
        Assert.Contains(results, r => r.MemberNames.Contains("Root"));
    }

    [Fact]
    public void InterfaceMtu_KnowsLoopback()
    {
        var loopback = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .First(n => n.NetworkInterfaceType == System.Net.NetworkInformation.NetworkInterfaceType.Loopback);
        var index = loopback.GetIPProperties().GetIPv4Properties().Index;
        Assert.Equal(loopback.GetIPProperties().GetIPv4Properties().Mtu, new InterfaceMtu(TimeProvider.System).Lookup(index));
        Assert.Null(new InterfaceMtu(TimeProvider.System).Lookup(99_999));
    }
}
