using System.Text;
using PxeXen.Bootloader.Boot;
using PxeXen.Bootloader.CommandLine;
using PxeXen.Bootloader.Tests.Network;
using PxeXen.Protocol.Dhcp;

namespace PxeXen.Bootloader.Tests.Boot;

/// <summary>The whole decision path against a scripted DHCP server and a recording TFTP server on loopback.</summary>
public sealed class BootFlowTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pxexen-bootflow-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static FakeDhcpServer Dhcp(string bootFile = "boot/pxelinux.0", Action<DhcpMessage>? edit = null) => new(m =>
    {
        var reply = FakeDhcpServer.Reply(m, m.MessageType == DhcpMessageType.Discover ? DhcpMessageType.Offer : DhcpMessageType.Ack,
            "192.168.4.39", server: "127.0.0.1", siaddr: "127.0.0.1", bootFile: bootFile);
        edit?.Invoke(reply);
        return [DhcpMessageWriter.Write(reply)];
    });

    private async Task<(BootOutcome Outcome, BootFiles Files)> RunAsync(FakeTftpServer tftp, FakeDhcpServer dhcp, string[] argv, CancellationToken cancellationToken)
    {
        var options = ArgvParser.Parse(["--mac=00:16:3E:11:11:11", "--tftp-timeout=0.3", .. argv, "/dev/vg0/guest"], out var error);
        Assert.Null(error);
        var files = BootFiles.Create(_directory);
        var outcome = await new BootFlow(options, new Diagnostics(true, false)) { TftpPort = tftp.Port }
            .RunAsync(dhcp, files, cancellationToken);
        return (outcome, files);
    }

    private static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);

    [Fact(Timeout = 30_000)]
    public async Task LookupOrder_MatchesSpecTable_ThenDefault()
    {
        await using var tftp = new FakeTftpServer();
        tftp.Files["boot/pxelinux.cfg/default"] = Bytes("DEFAULT vmlinuz\n");
        tftp.Files["boot/vmlinuz"] = [1, 2, 3];
        var (outcome, files) = await RunAsync(tftp, Dhcp(), ["--uuid=b8945908-d6a6-41a9-611d-74a6ab80b83d"], TestContext.Current.CancellationToken);
        using (files)
            Assert.NotNull(outcome.Record);
        Assert.Equal(
        [
            "boot/pxelinux.cfg/b8945908-d6a6-41a9-611d-74a6ab80b83d", "boot/pxelinux.cfg/01-00-16-3e-11-11-11",
            "boot/pxelinux.cfg/C0A80427", "boot/pxelinux.cfg/C0A8042", "boot/pxelinux.cfg/C0A804", "boot/pxelinux.cfg/C0A80",
            "boot/pxelinux.cfg/C0A8", "boot/pxelinux.cfg/C0A", "boot/pxelinux.cfg/C0", "boot/pxelinux.cfg/C",
            "boot/pxelinux.cfg/default", "boot/vmlinuz",
        ], tftp.Requests);
    }

    [Fact(Timeout = 30_000)]
    public async Task LookupOrder_Options209And210()
    {
        await using var tftp = new FakeTftpServer();
        tftp.Files["/tftpboot/pxelinux/files/pxelinux.cfg/C0A804"] = Bytes("DEFAULT k\n");
        tftp.Files["/tftpboot/pxelinux/files/k"] = [1];
        var dhcp = Dhcp(edit: r =>
        {
            r.Options.SetString(209, "configs/common");
            r.Options.SetString(210, "/tftpboot/pxelinux/files/");
        });
        var (outcome, files) = await RunAsync(tftp, dhcp, [], TestContext.Current.CancellationToken);
        using (files)
            Assert.NotNull(outcome.Record);
        Assert.Equal(
        [
            "/tftpboot/pxelinux/files/configs/common", "/tftpboot/pxelinux/files/pxelinux.cfg/01-00-16-3e-11-11-11",
            "/tftpboot/pxelinux/files/pxelinux.cfg/C0A80427", "/tftpboot/pxelinux/files/pxelinux.cfg/C0A8042",
            "/tftpboot/pxelinux/files/pxelinux.cfg/C0A804", "/tftpboot/pxelinux/files/k",
        ], tftp.Requests);
    }

    [Fact(Timeout = 30_000)]
    public async Task CobblerStyleConfig_KernelInitrdArgsAndIpappend()
    {
        await using var tftp = new FakeTftpServer();
        tftp.Files["pxelinux.cfg/01-00-16-3e-11-11-11"] = Bytes(
            "default linux\r\nprompt 0\r\ntimeout 1\r\nlabel linux\r\n\tkernel /images/c5/vmlinuz\r\n\tipappend 3\r\n"
            + "\tappend initrd=/images/c5/initrd.img ksdevice=bootif lang=  kssendmac text  ks=http://192.168.4.1/ks\r\n");
        tftp.Files["/images/c5/vmlinuz"] = Bytes("KERNEL");
        tftp.Files["/images/c5/initrd.img"] = Bytes("INITRD");
        var (outcome, files) = await RunAsync(tftp, Dhcp("pxelinux.0"), ["--args=console=hvc0"], TestContext.Current.CancellationToken);
        using (files)
        {
            var record = outcome.Record!;
            Assert.Equal("ksdevice=bootif lang= kssendmac text ks=http://192.168.4.1/ks ip=192.168.4.39:127.0.0.1:10.0.0.254:255.255.255.0 BOOTIF=01-00-16-3e-11-11-11 console=hvc0", record.Args);
            Assert.Equal("KERNEL", await File.ReadAllTextAsync(record.Kernel, TestContext.Current.CancellationToken));
            Assert.Equal("INITRD", await File.ReadAllTextAsync(record.Ramdisk!, TestContext.Current.CancellationToken));
            Assert.StartsWith(Path.Combine(_directory, "boot_kernel."), record.Kernel);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(record.Kernel));
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task SeveralInitrds_ConcatenatedWith4KPadding()
    {
        await using var tftp = new FakeTftpServer();
        tftp.Files["pxelinux.cfg/default"] = Bytes("DEFAULT a\nLABEL a\n KERNEL k\n INITRD one,two\n");
        tftp.Files["k"] = [7];
        tftp.Files["one"] = new byte[5000];
        tftp.Files["two"] = [1, 2, 3];
        var (outcome, files) = await RunAsync(tftp, Dhcp("pxelinux.0"), [], TestContext.Current.CancellationToken);
        using (files)
        {
            var ramdisk = await File.ReadAllBytesAsync(outcome.Record!.Ramdisk!, TestContext.Current.CancellationToken);
            Assert.Equal(8192 + 3, ramdisk.Length);
            Assert.Equal([1, 2, 3], ramdisk[8192..]);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task LocalBoot_IsHandedBack()
    {
        await using var tftp = new FakeTftpServer();
        tftp.Files["pxelinux.cfg/01-00-16-3e-11-11-11"] = Bytes("DEFAULT local\nLABEL local\n LOCALBOOT 0\n");
        var (outcome, files) = await RunAsync(tftp, Dhcp("pxelinux.0"), [], TestContext.Current.CancellationToken);
        using (files)
            Assert.True(outcome.LocalBoot);
    }

    [Fact(Timeout = 30_000)]
    public async Task Com32Entry_IsRefused()
    {
        await using var tftp = new FakeTftpServer();
        tftp.Files["pxelinux.cfg/default"] = Bytes("DEFAULT chain\nLABEL chain\n KERNEL chain.c32\n");
        var (outcome, files) = await RunAsync(tftp, Dhcp("pxelinux.0"), [], TestContext.Current.CancellationToken);
        using (files)
            Assert.Contains("not bootable as a Xen PV kernel", outcome.Error);
    }

    [Fact(Timeout = 30_000)]
    public async Task ConfigEntry_RestartsWithThatFile_AndIncludeIsFetched()
    {
        await using var tftp = new FakeTftpServer();
        tftp.Files["pxelinux.cfg/default"] = Bytes("DEFAULT more\nLABEL more\n CONFIG other.cfg\n");
        tftp.Files["other.cfg"] = Bytes("INCLUDE labels.cfg\nINCLUDE missing.cfg\nDEFAULT x\n");
        tftp.Files["labels.cfg"] = Bytes("LABEL x\n LINUX kx\n APPEND from-include\n");
        tftp.Files["kx"] = [1];
        var (outcome, files) = await RunAsync(tftp, Dhcp("pxelinux.0"), [], TestContext.Current.CancellationToken);
        using (files)
            Assert.Equal("from-include", outcome.Record!.Args);
        Assert.Contains("missing.cfg", tftp.Requests);
    }

    [Fact(Timeout = 30_000)]
    public async Task KernelOption_BypassesConfig()
    {
        await using var tftp = new FakeTftpServer();
        tftp.Files["boot/images/vmlinuz"] = [1];
        tftp.Files["boot/images/initrd"] = [2];
        var (outcome, files) = await RunAsync(tftp, Dhcp(), ["--kernel=images/vmlinuz", "--ramdisk=images/initrd", "--args=root=/dev/xvda1"], TestContext.Current.CancellationToken);
        using (files)
            Assert.Equal("root=/dev/xvda1", outcome.Record!.Args);
        Assert.Equal(["boot/images/vmlinuz", "boot/images/initrd"], tftp.Requests);
    }

    [Fact(Timeout = 30_000)]
    public async Task LabelOption_PicksEntry()
    {
        await using var tftp = new FakeTftpServer();
        tftp.Files["pxelinux.cfg/default"] = Bytes("DEFAULT a\nLABEL a\n KERNEL ka\nLABEL rescue\n KERNEL kr\n APPEND rescue\n");
        tftp.Files["kr"] = [1];
        var (outcome, files) = await RunAsync(tftp, Dhcp("pxelinux.0"), ["--label=rescue"], TestContext.Current.CancellationToken);
        using (files)
        {
            Assert.Equal("rescue", outcome.Record!.Args);
            Assert.Null(outcome.Record.Ramdisk);
            Assert.Single(Directory.GetFiles(_directory)); // the unused ramdisk file is gone
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task ProxyDhcpBootMenuOnly_ReportsThatDiscoveryIsNotSupported()
    {
        await using var tftp = new FakeTftpServer();
        // A ProxyDHCP offer (yiaddr 0, PXEClient) with a dnsmasq pxe-service menu and no boot file.
        var dhcp = new FakeDhcpServer(m =>
        {
            var address = FakeDhcpServer.Reply(m, m.MessageType == DhcpMessageType.Discover ? DhcpMessageType.Offer : DhcpMessageType.Ack,
                "192.168.4.39", server: "127.0.0.1", siaddr: null, bootFile: "");
            if (m.MessageType != DhcpMessageType.Discover)
                return [DhcpMessageWriter.Write(address)];
            var proxy = FakeDhcpServer.Reply(m, DhcpMessageType.Offer, "0.0.0.0", server: "127.0.0.2", siaddr: null, bootFile: "");
            proxy.Options.SetString(DhcpOptionCode.VendorClassIdentifier, "PXEClient");
            proxy.Options.Set(DhcpOptionCode.VendorSpecific, Convert.FromHexString("06010809088000054c696e7578ff"));
            return [DhcpMessageWriter.Write(address), DhcpMessageWriter.Write(proxy)];
        });
        var (outcome, files) = await RunAsync(tftp, dhcp, [], TestContext.Current.CancellationToken);
        files.DeleteAll();
        Assert.Contains("ProxyDHCP boot-server discovery is not supported", outcome.Error);
        Assert.Contains("127.0.0.2", outcome.Error);
        Assert.Empty(tftp.Requests);
    }

    [Fact(Timeout = 30_000)]
    public async Task NoConfigAnywhere_FailsAndCleansUp()
    {
        await using var tftp = new FakeTftpServer();
        var (outcome, files) = await RunAsync(tftp, Dhcp("pxelinux.0"), [], TestContext.Current.CancellationToken);
        files.DeleteAll();
        Assert.Contains("Unable to locate configuration file", outcome.Error);
        Assert.Empty(Directory.GetFiles(_directory));
    }

    [Fact(Timeout = 30_000)]
    public async Task MissingKernel_Fails()
    {
        await using var tftp = new FakeTftpServer();
        tftp.Files["pxelinux.cfg/default"] = Bytes("DEFAULT vmlinuz\n");
        var (outcome, files) = await RunAsync(tftp, Dhcp("pxelinux.0"), [], TestContext.Current.CancellationToken);
        using (files)
            Assert.Contains("kernel vmlinuz: server refused", outcome.Error);
    }

    [Fact(Timeout = 30_000)]
    public async Task CheckXenKernel_RefusesNonXenKernel()
    {
        await using var tftp = new FakeTftpServer();
        tftp.Files["pxelinux.cfg/default"] = Bytes("DEFAULT vmlinuz\n");
        tftp.Files["vmlinuz"] = new byte[4096];
        var (outcome, files) = await RunAsync(tftp, Dhcp("pxelinux.0"), ["--check-xen-kernel"], TestContext.Current.CancellationToken);
        using (files)
            Assert.Contains("not a kernel Xen can load", outcome.Error);
    }
}
