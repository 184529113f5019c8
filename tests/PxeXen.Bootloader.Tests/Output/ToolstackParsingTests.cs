using System.Text;
using PxeXen.Bootloader.CommandLine;
using PxeXen.Bootloader.Output;

namespace PxeXen.Bootloader.Tests.Output;

/// <summary>The helper's outputs fed to re-implementations of the toolstacks' parsers (spec §12.4).</summary>
public class ToolstackParsingTests
{
    public static TheoryData<string, string?, string> Records => new()
    {
        { "/var/lib/xen/bootloader.7.d/boot_kernel.Q1w2E3", "/var/lib/xen/bootloader.7.d/boot_ramdisk.R4t5Y6", "console=hvc0 ks=http://x/ks.cfg" },
        { "/p/k", null, "" },
        { "/p/k", "/p/r", "a=\"quoted value\" back\\slash it's" },
        { "/p/k with space", null, "x" },
    };

    private static byte[] Format(string kernel, string? ramdisk, string args, OutputFormat format)
    {
        Assert.True(RecordFormatter.TryFormat(new BootRecord(kernel, ramdisk, args), format, out var bytes, out var error), error);
        return bytes;
    }

    [Theory]
    [MemberData(nameof(Records))]
    public void Simple0_ParsesInLibxl42Plus(string kernel, string? ramdisk, string args)
    {
        var result = ToolstackParsers.Libxl(Format(kernel, ramdisk, args, OutputFormat.Simple0));
        Assert.Empty(result.Warnings);
        Assert.Equal(kernel, result.Kernel);
        Assert.Equal(ramdisk, result.Ramdisk);
        Assert.Equal(args.Length == 0 ? null : args, result.Args);
    }

    [Theory]
    [MemberData(nameof(Records))]
    public void Simple0_ParsesInLibxl41(string kernel, string? ramdisk, string args)
    {
        var result = ToolstackParsers.Libxl41(Format(kernel, ramdisk, args, OutputFormat.Simple0));
        Assert.Empty(result.Warnings);
        Assert.Equal((kernel, ramdisk, args.Length == 0 ? null : args), (result.Kernel, result.Ramdisk, result.Args));
    }

    [Theory]
    [MemberData(nameof(Records))]
    public void Sxp_ParsesInXend(string kernel, string? ramdisk, string args)
    {
        var parsed = ToolstackParsers.Xend(Encoding.UTF8.GetString(Format(kernel, ramdisk, args, OutputFormat.Sxp)));
        Assert.Equal(("linux", kernel, ramdisk ?? "", args), parsed);
    }

    [Fact]
    public void LibxlEmulation_KeyWithoutWhitespace_DoesNotMatch()
    {
        var result = ToolstackParsers.Libxl("kernel /k\0args\0"u8.ToArray());
        Assert.Equal("/k", result.Kernel);
        Assert.Null(result.Args);
        Assert.Single(result.Warnings);
    }

    [Fact]
    public void LibxlEmulation_DuplicateKernel_FirstMappedLastArgs()
    {
        var result = ToolstackParsers.Libxl("kernel /a\0kernel /b\0args x\0args y"u8.ToArray());
        Assert.Equal(("/a", "y"), (result.Kernel, result.Args));
    }

    [Fact]
    public void LibxlEmulation_OverlongItem_Skipped()
    {
        var result = ToolstackParsers.Libxl(Encoding.ASCII.GetBytes("kernel /k\0args " + new string('a', 8200) + "\0"));
        Assert.Null(result.Args);
        Assert.Contains("overly long item", result.Warnings);
    }

    [Fact]
    public void Libxl41Emulation_EmptyItemEndsList()
    {
        var result = ToolstackParsers.Libxl41("kernel /k\0\0args late\0"u8.ToArray());
        Assert.Null(result.Args);
    }

    [Fact]
    public void HelperNeverEmitsAKeyTwice()
    {
        var bytes = Format("/k", "/r", "x", OutputFormat.Simple0);
        var items = Encoding.ASCII.GetString(bytes).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(items.Length, items.Select(i => i.Split(' ')[0]).Distinct().Count());
    }
}
