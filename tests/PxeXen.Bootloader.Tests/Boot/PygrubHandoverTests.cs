using System.Diagnostics;
using System.Text;
using PxeXen.Bootloader.CommandLine;
using PxeXen.Bootloader.Localboot;
using PxeXen.Bootloader.Output;
using PxeXen.Bootloader.Tests.Output;

namespace PxeXen.Bootloader.Tests.Boot;

/// <summary>LOCALBOOT hands over to the real pygrub (Debian xen-utils-4.17) on an ext4 image made with mke2fs -d.</summary>
public sealed class PygrubHandoverTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pxexen-pygrub-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Require(string program, string package)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") + ":/usr/sbin:/sbin").Split(':')
            .Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
        if (found is null)
            Assert.Skip($"{program} not installed (Debian package {package})");
        return found;
    }

    /// <summary>An ext4 image holding /boot/vmlinuz, /boot/initrd.img and a GRUB 2 menu.</summary>
    private async Task<string> DiskAsync(CancellationToken cancellationToken)
    {
        var mke2fs = Require("mke2fs", "e2fsprogs");
        var root = Path.Combine(_directory, "root");
        Directory.CreateDirectory(Path.Combine(root, "boot/grub"));
        await File.WriteAllTextAsync(Path.Combine(root, "boot/vmlinuz"), "KERNEL-FROM-DISK", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(root, "boot/initrd.img"), "INITRD-FROM-DISK", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(root, "boot/grub/grub.cfg"),
            "set default=0\nset timeout=0\nmenuentry 'Debian' {\n  linux /boot/vmlinuz root=/dev/xvda1 ro\n  initrd /boot/initrd.img\n}\n", cancellationToken);
        var disk = Path.Combine(_directory, "disk.img");
        using var process = Process.Start(mke2fs, ["-q", "-F", "-t", "ext4", "-d", root, disk, "16M"]);
        await process.WaitForExitAsync(cancellationToken);
        Assert.Equal(0, process.ExitCode);
        return disk;
    }

    [Fact]
    public void Arguments_CarryFormatDirectoryRunasQuietArgsAndDisk()
    {
        var options = ArgvParser.Parse(["--args=console=hvc0", "--runas=131079", "--quiet", "--output=/o", "--output-format=simple0",
            "--output-directory=/var/lib/xen/bootloader.7.d", "--mac=00:16:3e:11:11:11", "/dev/vg0/g"], out _);
        Assert.Equal(["--output=/tmp/x", "--output-format=simple0", "--output-directory=/var/lib/xen/bootloader.7.d", "--runas=131079", "-q",
            "--args=console=hvc0", "/dev/vg0/g"], PygrubHandover.Arguments(options, "/tmp/x", "/var/lib/xen/bootloader.7.d", "/dev/vg0/g"));
    }

    [Fact]
    public void Arguments_XendDefaultsToSxpExplicitly()
    {
        var options = ArgvParser.Parse(["--output=/f", "mac=00:16:3e:11:11:11", "/d"], out _);
        Assert.Contains("--output-format=sxp", PygrubHandover.Arguments(options, "/x", "/dir", "/d"));
    }

    [Theory(Timeout = 60_000)]
    [InlineData("simple0")]
    [InlineData("sxp")]
    public async Task Relay_RealPygrub_KernelAndRamdiskComeBack(string format)
    {
        Require("pygrub", "xen-utils-4.17");
        var disk = await DiskAsync(TestContext.Current.CancellationToken);
        var outputDirectory = Path.Combine(_directory, "bootloader.7.d");
        Directory.CreateDirectory(outputDirectory);
        var outputPath = Path.Combine(_directory, "bootloader.7.out");
        await File.WriteAllBytesAsync(outputPath, [], TestContext.Current.CancellationToken);
        var options = ArgvParser.Parse(["--args=console=hvc0", "--output=" + outputPath, "--output-format=" + format,
            "--output-directory=" + outputDirectory, "--mac=00:16:3e:11:11:11", "-q", disk], out var error);
        Assert.Null(error);
        Assert.True(OutputTarget.TryOpen(outputPath, out var output, out _));
        int exit;
        using (output)
            exit = await PygrubHandover.RelayAsync(options, output!, new Diagnostics(true, false), "LOCALBOOT", TestContext.Current.CancellationToken);
        Assert.Equal(0, exit);
        var bytes = await File.ReadAllBytesAsync(outputPath, TestContext.Current.CancellationToken);
        string kernel, ramdisk, args;
        if (format == "simple0")
        {
            var parsed = ToolstackParsers.Libxl(bytes);
            Assert.Empty(parsed.Warnings);
            (kernel, ramdisk, args) = (parsed.Kernel!, parsed.Ramdisk!, parsed.Args!);
        }
        else
        {
            var parsed = ToolstackParsers.Xend(Encoding.UTF8.GetString(bytes));
            (kernel, ramdisk, args) = (parsed.Kernel, parsed.Ramdisk, parsed.Args);
        }
        Assert.Equal("root=/dev/xvda1 ro console=hvc0", args);
        Assert.Equal("KERNEL-FROM-DISK", await File.ReadAllTextAsync(kernel, TestContext.Current.CancellationToken));
        Assert.Equal("INITRD-FROM-DISK", await File.ReadAllTextAsync(ramdisk, TestContext.Current.CancellationToken));
        Assert.StartsWith(outputDirectory, kernel);
        Assert.DoesNotContain(Directory.GetFiles(outputDirectory), f => Path.GetFileName(f).StartsWith("pxexen-pygrub.", StringComparison.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task Relay_PygrubFails_ExitNonZeroAndNothingWritten()
    {
        Require("pygrub", "xen-utils-4.17");
        var notADisk = Path.Combine(_directory, "empty.img");
        await File.WriteAllBytesAsync(notADisk, new byte[65536], TestContext.Current.CancellationToken);
        var outputPath = Path.Combine(_directory, "out");
        var options = ArgvParser.Parse(["--output=" + outputPath, "--output-format=simple0", "--output-directory=" + _directory,
            "--mac=00:16:3e:11:11:11", "-q", notADisk], out _);
        Assert.True(OutputTarget.TryOpen(outputPath, out var output, out _));
        int exit;
        using (output)
            exit = await PygrubHandover.RelayAsync(options, output!, new Diagnostics(true, false), "LOCALBOOT", TestContext.Current.CancellationToken);
        Assert.NotEqual(0, exit);
        Assert.Empty(await File.ReadAllBytesAsync(outputPath, TestContext.Current.CancellationToken));
    }
}
