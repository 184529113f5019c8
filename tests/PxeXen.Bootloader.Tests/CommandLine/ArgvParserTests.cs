using PxeXen.Bootloader.CommandLine;

namespace PxeXen.Bootloader.Tests.CommandLine;

/// <summary>Every argv vector of xen-bootloader-spec §2.3, §4.2, §4.4 and §12.1.</summary>
public class ArgvParserTests
{
    private static BootloaderOptions Parse(params string[] argv)
    {
        var options = ArgvParser.Parse(argv, out var error);
        Assert.Null(error);
        return options;
    }

    private static string ParseError(params string[] argv)
    {
        ArgvParser.Parse(argv, out var error);
        Assert.NotNull(error);
        return error;
    }

    [Fact]
    public void Libxl418_Plain()
    {
        var o = Parse("--args=console=hvc0", "--output=/var/lib/xen/bootloader.7.out", "--output-format=simple0",
            "--output-directory=/var/lib/xen/bootloader.7.d", "--mac=00:16:3e:11:11:11", "--interface=xenbr0", "/dev/vg0/pxe-guest");
        Assert.Equal("/var/lib/xen/bootloader.7.out", o.Output);
        Assert.Equal(OutputFormat.Simple0, o.Format);
        Assert.Equal("/var/lib/xen/bootloader.7.d", o.OutputDirectory);
        Assert.Equal(["console=hvc0"], o.ExtraArguments);
        Assert.Equal("00:16:3e:11:11:11", o.MacText);
        Assert.Equal("xenbr0", o.Interface);
        Assert.Equal("/dev/vg0/pxe-guest", o.Disk);
        Assert.Null(o.RunAs);
        Assert.Empty(o.Warnings);
    }

    [Fact]
    public void Libxl418_Restricted()
    {
        var o = Parse("--args=console=hvc0", "--runas=131079", "--quiet", "--output=/var/lib/xen/bootloader.7.out", "--output-format=simple0",
            "--output-directory=/var/lib/xen/bootloader.7.d", "--mac=00:16:3e:11:11:11", "--interface=xenbr0", "/dev/vg0/pxe-guest");
        Assert.Equal(131079u, o.RunAs);
        Assert.True(o.Quiet);
        Assert.Equal("/dev/vg0/pxe-guest", o.Disk);
    }

    [Fact]
    public void Libxl418_WithKernelRamdiskFromConfig()
    {
        var o = Parse("--kernel=images/vmlinuz", "--ramdisk=images/initrd", "--args=root=/dev/xvda1 ro", "--output=/o", "--output-format=simple0",
            "--output-directory=/d", "--mac=00:16:3e:11:11:11", "/dev/vg0/g");
        Assert.Equal(("images/vmlinuz", "images/initrd"), (o.Kernel, o.Ramdisk));
        Assert.Equal(["root=/dev/xvda1 ro"], o.ExtraArguments);
    }

    [Fact]
    public void Libxl41_FifoShape()
    {
        var o = Parse("--output=/var/run/libxl/bl.AbC123/fifo", "--output-format=simple0", "--output-directory=/var/run/libxl/",
            "mac=00:16:3e:11:11:11", "/dev/vg0/g");
        Assert.Equal("/var/run/libxl/bl.AbC123/fifo", o.Output);
        Assert.Equal("00:16:3e:11:11:11", o.MacText);
        Assert.Equal("/dev/vg0/g", o.Disk);
    }

    [Fact]
    public void Xend_ShlexTokensWithTrailingComma()
    {
        var o = Parse("--output=/var/run/xend/boot/xenbl.1234", "mac=00:16:3E:11:11:11,", "bridge=xenbr0", "/dev/vg0/lady");
        Assert.Equal(OutputFormat.Sxp, o.Format);
        Assert.False(o.FormatGiven);
        Assert.Null(o.OutputDirectory);
        Assert.Equal("00:16:3e:11:11:11", o.MacText);
        Assert.Equal("xenbr0", o.Interface);
        Assert.Equal("/dev/vg0/lady", o.Disk);
    }

    [Fact]
    public void Xend_WholeVifSpecInOneToken()
    {
        var o = Parse("--output=/var/run/xend/boot/xenbl.77", "vifname=lady,mac=00:16:3E:11:11:11,bridge=xenbr0", "/dev/vg0/lady");
        Assert.Equal("00:16:3e:11:11:11", o.MacText);
        Assert.Equal("xenbr0", o.Interface);
    }

    [Fact]
    public void Xend_BookOfXenSpacedVif()
    {
        var o = Parse("--output=/f", "vifname=lady", ",", "mac=00:16:3E:11:11:11", ",", "bridge=xenbr0", "/dev/vg0/lady");
        Assert.Equal("00:16:3e:11:11:11", o.MacText);
        Assert.Equal("/dev/vg0/lady", o.Disk);
    }

    [Fact]
    public void Xend_OnlyQuiet_NeedsAMac()
    {
        Assert.Contains("no guest MAC", ParseError("-q", "--output=/var/run/xend/boot/xenbl.5", "/dev/vg0/lady"));
    }

    [Fact]
    public void Xend_QuietWithMacWord()
    {
        var o = Parse("-q", "--output=/var/run/xend/boot/xenbl.5", "mac=00:16:3e:11:11:11", "/dev/vg0/lady");
        Assert.True(o.Quiet);
    }

    [Fact]
    public void Pygrub_EntryWithSpaceSeparatedValue()
    {
        var o = Parse("--entry", "install", "--output", "/o", "--output-format", "simple", "--mac", "00:16:3e:11:11:11", "/dev/xvda");
        Assert.Equal("install", o.Label);
        Assert.Equal("/o", o.Output);
        Assert.Equal(OutputFormat.Simple, o.Format);
        Assert.Equal("/dev/xvda", o.Disk);
    }

    [Fact]
    public void Xapi_Newer_TwoElementOptionsAndStdout()
    {
        var o = Parse("-q", "--default_args", "console=hvc0", "--extra_args", "ks=http://x/ks", "--vm", "b8945908-d6a6-41a9-611d-74a6ab80b83d",
            "--mac=00:16:3e:11:11:11", "--label=install", "/dev/sm/backend/x/y");
        Assert.True(o.OutputIsStdout);
        Assert.Equal(OutputFormat.Sxp, o.Format);
        Assert.Equal(["console=hvc0", "ks=http://x/ks"], o.ExtraArguments);
        Assert.Equal("b8945908-d6a6-41a9-611d-74a6ab80b83d", o.Uuid);
        Assert.Equal("install", o.Label);
        Assert.Equal("/dev/sm/backend/x/y", o.Disk);
    }

    [Fact]
    public void Xapi_Older_EqualsFormWithEmptyElement()
    {
        var o = Parse("", "--default_args=console=hvc0", "--extra_args=", "--vm=b8945908-d6a6-41a9-611d-74a6ab80b83d", "mac=00:16:3e:11:11:11", "/dev/x");
        Assert.Equal(["console=hvc0"], o.ExtraArguments);
        Assert.False(o.Quiet);
        Assert.Equal("/dev/x", o.Disk);
    }

    [Fact]
    public void ArgsOrder_DefaultExtraThenArgs()
    {
        var o = Parse("--args=c", "--extra_args=b", "--default_args=a", "--mac=00:16:3e:11:11:11", "/d");
        Assert.Equal(["a", "b", "c"], o.ExtraArguments);
    }

    [Fact]
    public void UnknownOptions_LoggedAndIgnored()
    {
        var o = Parse("--foo=bar", "--frobnicate", "-x", "--mac=00:16:3e:11:11:11", "/dev/xvda");
        Assert.Equal(3, o.Warnings.Count);
        Assert.Equal("/dev/xvda", o.Disk); // --frobnicate did not eat the disk
    }

    [Fact]
    public void DoubleDash_EndsOptions()
    {
        var o = Parse("--mac=00:16:3e:11:11:11", "--", "--weird-disk-name");
        Assert.Equal("--weird-disk-name", o.Disk);
    }

    [Fact]
    public void PypxebootLegacyShapes()
    {
        var o = Parse("--udhcpc=/usr/local/pkg/udhcp/sbin/udhcpc", "--interface=xenbr1", "mac=00:16:3e:aa:bb:cc", "--label=install-aethernet", "/dev/vg/x");
        Assert.Equal("xenbr1", o.Interface);
        Assert.Equal("install-aethernet", o.Label);
        Assert.Equal("00:16:3e:aa:bb:cc", o.MacText);
    }

    [Fact]
    public void PygrubCompatibleFlags_Accepted()
    {
        var o = Parse("-i", "-n", "-l", "--isconfig", "--debug", "--offset=512", "--not-really", "--mac=00:16:3e:11:11:11", "/d");
        Assert.True(o.Verbose);
        Assert.Equal("/d", o.Disk);
    }

    [Theory]
    [InlineData("--mac=00-16-3E-11-11-11")]
    [InlineData("MAC=00:16:3e:11:11:11")]
    [InlineData("--MAC=00:16:3e:11:11:11")]
    public void MacForms_Normalised(string element) =>
        Assert.Equal("00:16:3e:11:11:11", Parse(element, "/d").MacText);

    [Fact]
    public void MultipleMacWords_FirstWins() =>
        Assert.Equal("00:16:3e:00:00:01", Parse("mac=00:16:3e:00:00:01", "mac=00:16:3e:00:00:02", "/d").MacText);

    [Theory]
    [InlineData("--mac=00:16:3e:11:11")]
    [InlineData("--mac=00:16:3e:11:11:zz")]
    [InlineData("mac=0016.3e11.1111")]
    public void BadMac_ClearError(string element) =>
        Assert.Contains("six hex octets", ParseError(element, "/d"));

    [Fact]
    public void MulticastMac_Refused() =>
        Assert.Contains("multicast", ParseError("--mac=01:00:5e:00:00:01", "/d"));

    [Theory]
    [InlineData("--output-format=xml", "unknown output format")]
    [InlineData("--runas=0", "non-zero")]
    [InlineData("--runas=nobody", "numeric")]
    [InlineData("--dhcp-timeout=-3", "seconds")]
    public void BadValues_Refused(string element, string message) =>
        Assert.Contains(message, ParseError(element, "--mac=00:16:3e:11:11:11", "/d"));

    [Fact]
    public void ValueOptionAtEnd_WithoutValue_IsError() =>
        Assert.Contains("needs a value", ParseError("--mac=00:16:3e:11:11:11", "--output"));

    [Fact]
    public void TrailingMacWord_IsNotTheDisk()
    {
        var o = Parse("--output=/o", "mac=00:16:3e:11:11:11");
        Assert.Null(o.Disk);
    }

    [Fact]
    public void BadUuid_WarnedAndDropped()
    {
        var o = Parse("--uuid=nope", "--mac=00:16:3e:11:11:11", "/d");
        Assert.Null(o.Uuid);
        Assert.Single(o.Warnings);
    }

    [Fact]
    public void ArgsContainingMacWord_DoNotOverrideExplicitMac()
    {
        var o = Parse("--args=mac=00:16:3e:99:99:99", "--mac=00:16:3e:11:11:11", "/d");
        Assert.Equal("00:16:3e:11:11:11", o.MacText);
    }
}
