using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using PxeXen.EndToEnd.Tests.Infrastructure;

namespace PxeXen.EndToEnd.Tests.Bootloader;

/// <summary>
/// pxexen-boot end to end on a bridge, against dnsmasq configured the way Cobbler (the Book of Xen
/// setup) writes it: kernel and initrd SHA-256 checked, two guests at once, the xend FIFO shape,
/// restricted mode.
/// </summary>
public sealed class DnsmasqBootTests
{
    private const string MacA = "00:16:3e:11:11:11";
    private const string MacB = "00:16:3e:22:22:22";

    /// <summary>A Cobbler-style pxelinux.cfg for one system (cobbler templates/pxe/pxesystem.template).</summary>
    private static string CobblerConfig(string distro, string serverAddress, string system) =>
        "default linux\nprompt 0\ntimeout 1\nlabel linux\n" +
        $"        kernel /images/{distro}/vmlinuz\n        ipappend 2\n" +
        $"        append initrd=/images/{distro}/initrd.img ksdevice=bootif lang=  kssendmac text  ks=http://{serverAddress}/cblr/svc/op/ks/system/{system}\n";

    private static (string KernelSha, string InitrdSha) Distro(string root, string distro, int kernelBytes, int initrdBytes)
    {
        var directory = Path.Combine(root, "images", distro);
        Directory.CreateDirectory(directory);
        var kernel = HelperRun.RandomBytes(kernelBytes);
        var initrd = HelperRun.RandomBytes(initrdBytes);
        File.WriteAllBytes(Path.Combine(directory, "vmlinuz"), kernel);
        File.WriteAllBytes(Path.Combine(directory, "initrd.img"), initrd);
        return (Convert.ToHexString(SHA256.HashData(kernel)), Convert.ToHexString(SHA256.HashData(initrd)));
    }

    private static void SystemConfig(string root, string mac, string content)
    {
        Directory.CreateDirectory(Path.Combine(root, "pxelinux.cfg"));
        File.WriteAllText(Path.Combine(root, "pxelinux.cfg", "01-" + mac.Replace(':', '-')), content);
    }

    [Fact(Timeout = 120_000)]
    public async Task CobblerDnsmasq_Libxl418_KernelAndInitrdMatch()
    {
        await using var network = await BridgedDom0.CreateAsync();
        using var temp = new TempDirectory();
        var tftp = temp.Combine("tftpboot");
        var (kernelSha, initrdSha) = Distro(tftp, "debian12-xen", 3 << 20, 7 << 20);
        SystemConfig(tftp, MacA, CobblerConfig("debian12-xen", network.ServerAddress, "web01"));
        await using var dnsmasq = await DnsmasqServer.StartAsync(network, tftp, temp.Combine("leases"), [(MacA, network.Subnet + ".39")]);

        var (output, directory, argv) = HelperRun.Libxl418(temp.Path, 7, MacA, network.Bridge);
        var result = await HelperRun.RunAsync(network, argv);
        Assert.True(result.ExitCode == 0, result + "\n" + dnsmasq.Log);
        var fields = HelperRun.ReadSimple0(await File.ReadAllBytesAsync(output, TestContext.Current.CancellationToken));
        Assert.Equal(kernelSha, HelperRun.Sha256(fields["kernel"]));
        Assert.Equal(initrdSha, HelperRun.Sha256(fields["ramdisk"]));
        Assert.StartsWith(directory + "/boot_kernel.", fields["kernel"]);
        Assert.Equal($"ksdevice=bootif lang= kssendmac text ks=http://{network.ServerAddress}/cblr/svc/op/ks/system/web01 BOOTIF=01-00-16-3e-11-11-11 console=hvc0", fields["args"]);
        Assert.Contains($"DHCPACK({network.ServerInterface}) {network.Subnet}.39 {MacA}", dnsmasq.Log);
        Assert.Contains("broadcast response", dnsmasq.Log);
        Assert.DoesNotContain("DHCPRELEASE", dnsmasq.Log);
        Assert.Contains("pxexen-boot: booting label linux", result.StandardError.TrimEnd().Split('\n')[^1]);
    }

    [Fact(Timeout = 120_000)]
    public async Task NativeAotBinary_BootsLikeTheJitBuild()
    {
        if (!File.Exists(HelperRun.AotHelper))
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
                Assert.Fail($"{HelperRun.AotHelper} missing: .ci/setup.d/bootloader.sh publishes it");
            Assert.Skip($"{HelperRun.AotHelper} not published (run .ci/setup.d/bootloader.sh)");
        }
        await using var network = await BridgedDom0.CreateAsync();
        using var temp = new TempDirectory();
        var tftp = temp.Combine("tftpboot");
        var (kernelSha, initrdSha) = Distro(tftp, "aot", 2 << 20, 3 << 20);
        SystemConfig(tftp, MacA, CobblerConfig("aot", network.ServerAddress, "aot"));
        await using var dnsmasq = await DnsmasqServer.StartAsync(network, tftp, temp.Combine("leases"), [(MacA, network.Subnet + ".41")]);
        var (output, _, argv) = HelperRun.Libxl418(temp.Path, 8, MacA, network.Bridge);
        var result = await HelperRun.RunAsync(network, argv, helper: HelperRun.AotHelper);
        Assert.True(result.ExitCode == 0, result + "\n" + dnsmasq.Log);
        var fields = HelperRun.ReadSimple0(await File.ReadAllBytesAsync(output, TestContext.Current.CancellationToken));
        Assert.Equal((kernelSha, initrdSha), (HelperRun.Sha256(fields["kernel"]), HelperRun.Sha256(fields["ramdisk"])));
    }

    [Fact(Timeout = 120_000)]
    public async Task TwoHelpers_TwoMacs_AtOnce()
    {
        await using var network = await BridgedDom0.CreateAsync();
        using var temp = new TempDirectory();
        var tftp = temp.Combine("tftpboot");
        var a = Distro(tftp, "distro-a", 2 << 20, 4 << 20);
        var b = Distro(tftp, "distro-b", 1 << 20, 5 << 20);
        SystemConfig(tftp, MacA, CobblerConfig("distro-a", network.ServerAddress, "a"));
        SystemConfig(tftp, MacB, CobblerConfig("distro-b", network.ServerAddress, "b"));
        await using var dnsmasq = await DnsmasqServer.StartAsync(network, tftp, temp.Combine("leases"),
            [(MacA, network.Subnet + ".11"), (MacB, network.Subnet + ".12")]);

        var runA = HelperRun.Libxl418(temp.Path, 11, MacA, network.Bridge);
        var runB = HelperRun.Libxl418(temp.Path, 12, MacB, network.Bridge);
        var results = await Task.WhenAll(HelperRun.RunAsync(network, runA.Argv), HelperRun.RunAsync(network, runB.Argv));
        Assert.True(results[0].ExitCode == 0, results[0] + "\n" + dnsmasq.Log);
        Assert.True(results[1].ExitCode == 0, results[1] + "\n" + dnsmasq.Log);
        var fieldsA = HelperRun.ReadSimple0(await File.ReadAllBytesAsync(runA.Output, TestContext.Current.CancellationToken));
        var fieldsB = HelperRun.ReadSimple0(await File.ReadAllBytesAsync(runB.Output, TestContext.Current.CancellationToken));
        Assert.Equal((a.KernelSha, a.InitrdSha), (HelperRun.Sha256(fieldsA["kernel"]), HelperRun.Sha256(fieldsA["ramdisk"])));
        Assert.Equal((b.KernelSha, b.InitrdSha), (HelperRun.Sha256(fieldsB["kernel"]), HelperRun.Sha256(fieldsB["ramdisk"])));
        Assert.Contains("address " + network.Subnet + ".11", results[0].StandardError);
        Assert.Contains("address " + network.Subnet + ".12", results[1].StandardError);
    }

    [Fact(Timeout = 120_000)]
    public async Task XendShape_FifoSxp_ReaderGetsRecord()
    {
        await using var network = await BridgedDom0.CreateAsync();
        using var temp = new TempDirectory();
        var tftp = temp.Combine("tftpboot");
        var distro = Distro(tftp, "c5", 1 << 20, 1 << 20);
        SystemConfig(tftp, MacA, CobblerConfig("c5", network.ServerAddress, "lady"));
        await using var dnsmasq = await DnsmasqServer.StartAsync(network, tftp, temp.Combine("leases"), [(MacA, network.Subnet + ".39")]);

        var fifo = temp.Combine("xenbl.1234");
        using (var mkfifo = Process.Start("mkfifo", ["-m", "600", fifo]))
            await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
        var boot = temp.Combine("boot");
        Directory.CreateDirectory(boot);
        // xend opens the FIFO first and reads until EOF; no --output-format, no --output-directory.
        var reader = Task.Run(async () =>
        {
            await using var stream = new FileStream(fifo, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
            using var all = new MemoryStream();
            await stream.CopyToAsync(all);
            return all.ToArray();
        }, TestContext.Current.CancellationToken);
        // The default directory (/var/run/xend/boot) is replaced by --output-directory only to keep the test in its temp dir.
        var result = await HelperRun.RunAsync(network, ["--output=" + fifo, "--output-directory=" + boot,
            $"mac={MacA.ToUpperInvariant()},", "bridge=" + network.Bridge, "/dev/vg0/lady"]);
        var record = Encoding.UTF8.GetString(await reader.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("linux (kernel \"" + boot + "/boot_kernel.", record);
        Assert.DoesNotContain("\n", record);
        var kernel = record.Split('"')[1];
        var ramdisk = record.Split('"')[3];
        Assert.Equal(distro.KernelSha, HelperRun.Sha256(kernel));
        Assert.Equal(distro.InitrdSha, HelperRun.Sha256(ramdisk));
    }

    [Fact(Timeout = 120_000)]
    public async Task Restricted_RunasDropsPrivileges_RecordStillWritten()
    {
        await using var network = await BridgedDom0.CreateAsync();
        using var temp = new TempDirectory();
        var tftp = temp.Combine("tftpboot");
        var distro = Distro(tftp, "d", 1 << 20, 2 << 20);
        SystemConfig(tftp, MacA, CobblerConfig("d", network.ServerAddress, "r"));
        await using var dnsmasq = await DnsmasqServer.StartAsync(network, tftp, temp.Combine("leases"), [(MacA, network.Subnet + ".40")]);

        var (output, directory, argv) = HelperRun.Libxl418(temp.Path, 9, MacA, network.Bridge, "--runas=65534", "--quiet");
        var result = await HelperRun.RunAsync(network, argv);
        Assert.True(result.ExitCode == 0, result.ToString());
        var fields = HelperRun.ReadSimple0(await File.ReadAllBytesAsync(output, TestContext.Current.CancellationToken));
        Assert.Equal(distro.KernelSha, HelperRun.Sha256(fields["kernel"]));
        Assert.Equal(distro.InitrdSha, HelperRun.Sha256(fields["ramdisk"]));
        Assert.Contains("restricted run as uid 65534", result.StandardError);
        // Only the two boot files remain: the worker's result file is gone.
        Assert.Equal(2, Directory.GetFiles(directory).Length);
    }

    [Fact(Timeout = 120_000)]
    public async Task NoDhcpServer_FailsWithinTimeout_OutputEmpty()
    {
        await using var network = await BridgedDom0.CreateAsync();
        using var temp = new TempDirectory();
        var (output, directory, argv) = HelperRun.Libxl418(temp.Path, 5, MacA, network.Bridge, "--dhcp-timeout=3");
        var clock = Stopwatch.StartNew();
        var result = await HelperRun.RunAsync(network, argv);
        Assert.Equal(1, result.ExitCode);
        Assert.InRange(clock.Elapsed.TotalSeconds, 2.5, 20);
        Assert.Contains("no DHCPOFFER", result.StandardError);
        Assert.Empty(await File.ReadAllBytesAsync(output, TestContext.Current.CancellationToken));
        Assert.Empty(Directory.GetFiles(directory));
    }
}
