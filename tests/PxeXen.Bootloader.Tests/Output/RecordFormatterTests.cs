using System.Text;
using PxeXen.Bootloader.CommandLine;
using PxeXen.Bootloader.Output;

namespace PxeXen.Bootloader.Tests.Output;

/// <summary>The exact bytes of xen-bootloader-spec §9.</summary>
public class RecordFormatterTests
{
    private static readonly BootRecord Full = new(
        "/var/lib/xen/bootloader.7.d/boot_kernel.Q1w2E3",
        "/var/lib/xen/bootloader.7.d/boot_ramdisk.R4t5Y6",
        "console=hvc0 ks=http://192.168.4.1/ks.cfg ip=192.168.4.39:192.168.4.1:192.168.4.254:255.255.255.0");

    private static byte[] Format(BootRecord record, OutputFormat format)
    {
        Assert.True(RecordFormatter.TryFormat(record, format, out var bytes, out var error), error);
        return bytes;
    }

    [Fact]
    public void Simple0_SpecExample_214Bytes()
    {
        var bytes = Format(Full, OutputFormat.Simple0);
        Assert.Equal(214, bytes.Length);
        Assert.Equal("kernel /var/lib/xen/bootloader.7.d/boot_kernel.Q1w2E3\0ramdisk /var/lib/xen/bootloader.7.d/boot_ramdisk.R4t5Y6\0"
            + "args console=hvc0 ks=http://192.168.4.1/ks.cfg ip=192.168.4.39:192.168.4.1:192.168.4.254:255.255.255.0\0\0", Encoding.ASCII.GetString(bytes));
        Assert.Equal(Convert.FromHexString("6b65726e656c202f7661722f6c69622f"), bytes[..16]);
        Assert.Equal(Convert.FromHexString("35352e300000"), bytes[0xd0..]);
    }

    [Fact]
    public void Simple0_KernelOnly() =>
        Assert.Equal("kernel /p/boot_kernel.Q1w2E3\0\0"u8.ToArray(), Format(new BootRecord("/p/boot_kernel.Q1w2E3", null, ""), OutputFormat.Simple0));

    [Fact]
    public void Simple_NewlineSeparated() =>
        Assert.Equal("kernel /p/k\nramdisk /p/r\nargs console=hvc0\n\n"u8.ToArray(), Format(new BootRecord("/p/k", "/p/r", "console=hvc0"), OutputFormat.Simple));

    [Fact]
    public void Sxp_SpecExample()
    {
        var record = new BootRecord("/var/run/xend/boot/boot_kernel.Q1w2E3", "/var/run/xend/boot/boot_ramdisk.R4t5Y6", "console=hvc0 ks=http://192.168.4.1/ks.cfg");
        Assert.Equal("linux (kernel \"/var/run/xend/boot/boot_kernel.Q1w2E3\")(ramdisk \"/var/run/xend/boot/boot_ramdisk.R4t5Y6\")(args \"console=hvc0 ks=http://192.168.4.1/ks.cfg\")",
            Encoding.ASCII.GetString(Format(record, OutputFormat.Sxp)));
    }

    [Fact]
    public void Sxp_QuotesBackslashesApostrophesSpaces()
    {
        var text = Encoding.UTF8.GetString(Format(new BootRecord("/p/k", null, "a=\"b c\" d\\e f'g"), OutputFormat.Sxp));
        Assert.Equal("linux (kernel \"/p/k\")(args \"a=\\\"b c\\\" d\\\\e f'g\")", text);
    }

    [Fact]
    public void EmptyArgs_Omitted()
    {
        Assert.Equal("linux (kernel \"/p/k\")", Encoding.ASCII.GetString(Format(new BootRecord("/p/k", null, ""), OutputFormat.Sxp)));
        Assert.Equal("kernel /p/k\n\n", Encoding.ASCII.GetString(Format(new BootRecord("/p/k", null, "   "), OutputFormat.Simple)));
    }

    [Fact]
    public void LeadingSpaceInArgs_Stripped() =>
        Assert.Equal("kernel /k\0args quiet\0\0", Encoding.ASCII.GetString(Format(new BootRecord("/k", null, "  quiet"), OutputFormat.Simple0)));

    [Fact]
    public void Simple_ValueWithNewline_Refused()
    {
        Assert.False(RecordFormatter.TryFormat(new BootRecord("/k", null, "a\nb"), OutputFormat.Simple, out _, out var error));
        Assert.Contains("newline", error);
    }

    [Fact]
    public void Simple0_ValueWithNul_Refused() =>
        Assert.False(RecordFormatter.TryFormat(new BootRecord("/k", null, "a\0b"), OutputFormat.Simple0, out _, out _));

    [Fact]
    public void Sxp_ControlCharacter_Refused() =>
        Assert.False(RecordFormatter.TryFormat(new BootRecord("/k", null, "a\tb"), OutputFormat.Sxp, out _, out _));
}
