using System.Net;
using PxeXen.Protocol.Pxelinux;

namespace PxeXen.Protocol.Tests.Pxelinux;

public class PxelinuxSearchTests
{
    private static readonly byte[] Mac = [0x00, 0x16, 0x3e, 0x11, 0x11, 0x11];

    [Theory]
    [InlineData("pxelinux.0", "")]
    [InlineData("/tftpboot/pxelinux.0", "/tftpboot/")]
    [InlineData("boot/x86/pxelinux.0", "boot/x86/")]
    [InlineData("my_pxelinux.0", "my_")]
    [InlineData("boot\\pxelinux.0", "boot\\")]
    [InlineData("", "")]
    [InlineData("PXELINUX.0", "")]
    [InlineData("tftp:pxelinux.0", "tftp:")]
    public void From_BootFile_CutsAfterLastNonNameCharacter(string bootFile, string prefix) =>
        Assert.Equal(prefix, PxelinuxPathPrefix.From(bootFile, null));

    [Fact]
    public void From_Option210_WinsVerbatim() =>
        Assert.Equal("/tftpboot/pxelinux/files/", PxelinuxPathPrefix.From("boot/pxelinux.0", "/tftpboot/pxelinux/files/"));

    [Fact]
    public void Names_WorkedExample_MatchesSpecTable()
    {
        var names = PxelinuxConfigSearch.Names("boot/", null, "b8945908-d6a6-41a9-611d-74a6ab80b83d", 1, Mac, IPAddress.Parse("192.168.4.39"));
        Assert.Equal(
        [
            "boot/pxelinux.cfg/b8945908-d6a6-41a9-611d-74a6ab80b83d",
            "boot/pxelinux.cfg/01-00-16-3e-11-11-11",
            "boot/pxelinux.cfg/C0A80427", "boot/pxelinux.cfg/C0A8042", "boot/pxelinux.cfg/C0A804", "boot/pxelinux.cfg/C0A80",
            "boot/pxelinux.cfg/C0A8", "boot/pxelinux.cfg/C0A", "boot/pxelinux.cfg/C0", "boot/pxelinux.cfg/C",
            "boot/pxelinux.cfg/default",
        ], names);
    }

    [Fact]
    public void Names_Options209And210_ConfigFileFirstThenPrefixed()
    {
        var prefix = PxelinuxPathPrefix.From("boot/pxelinux.0", "/tftpboot/pxelinux/files/");
        var names = PxelinuxConfigSearch.Names(prefix, "configs/common", null, 1, Mac, IPAddress.Parse("192.168.4.39"));
        Assert.Equal("/tftpboot/pxelinux/files/configs/common", names[0]);
        Assert.Equal("/tftpboot/pxelinux/files/pxelinux.cfg/01-00-16-3e-11-11-11", names[1]);
        Assert.Equal(11, names.Count);
    }

    [Fact]
    public void Names_NoUuid_StartsWithMac()
    {
        var names = PxelinuxConfigSearch.Names("", null, null, 1, Mac, IPAddress.Parse("10.0.0.2"));
        Assert.Equal("pxelinux.cfg/01-00-16-3e-11-11-11", names[0]);
        Assert.Equal("pxelinux.cfg/0A000002", names[1]);
        Assert.Equal(10, names.Count);
    }

    [Theory]
    [InlineData("b8945908-d6a6-41a9-611d-74a6ab80b83d", true)]
    [InlineData("b8945908-d6a6-01a9-611d-74a6ab80b83d", false)] // byte 6 = 0x01
    [InlineData("b8945908-d6a6-f1a9-611d-74a6ab80b83d", false)] // byte 6 = 0xf1
    [InlineData("not-a-uuid", false)]
    public void IsUsableUuid_ChecksByteSix(string uuid, bool usable) =>
        Assert.Equal(usable, PxelinuxConfigSearch.IsUsableUuid(uuid));

    [Theory]
    [InlineData("images/vmlinuz", "boot/", "tftp", null, "boot/images/vmlinuz")]
    [InlineData("/images/vmlinuz", "boot/", "tftp", null, "boot//images/vmlinuz")]
    [InlineData("/images/vmlinuz", "", "tftp", null, "/images/vmlinuz")]
    [InlineData("::images/vmlinuz", "boot/", "tftp", null, "images/vmlinuz")]
    [InlineData("10.0.0.5::images/vmlinuz", "boot/", "tftp", "10.0.0.5", "images/vmlinuz")]
    [InlineData("tftp://10.0.0.5/images/vmlinuz", "boot/", "tftp", "10.0.0.5", "images/vmlinuz")]
    [InlineData("http://10.0.0.5:8080/k/vmlinuz", "boot/", "http", "10.0.0.5", "k/vmlinuz")]
    [InlineData("vmlinuz ignored-args", "", "tftp", null, "vmlinuz")]
    public void TryParse_FileReference_FollowsUrlType(string name, string prefix, string scheme, string? host, string path)
    {
        Assert.True(PxelinuxFileReference.TryParse(name, prefix, out var reference, out var reason), reason);
        Assert.Equal(scheme, reference.Scheme);
        Assert.Equal(host, reference.Host);
        Assert.Equal(path, reference.Path);
    }

    [Fact]
    public void TryParse_HttpUrl_KeepsPort()
    {
        Assert.True(PxelinuxFileReference.TryParse("http://h:8080/a/b", "", out var reference, out _));
        Assert.Equal("http://h:8080/a/b", reference.Url);
    }

    [Fact]
    public void TryParse_UnknownScheme_Fails() =>
        Assert.False(PxelinuxFileReference.TryParse("ftp://h/x", "", out _, out _));
}
