using System.Diagnostics;
using System.Text;
using PxeXen.EndToEnd.Tests.Infrastructure;

namespace PxeXen.EndToEnd.Tests.Firmware;

/// <summary>
/// dnsmasq as the DHCP + TFTP server, inside a <see cref="BootNetwork"/>: a boot server nobody here
/// wrote, so the harness itself (QEMU, tap, bridge, kernel, initramfs, marker) is proven apart from
/// PxeXen. Serves ipxe.efi to OVMF, and to iPXE (user class "iPXE") a script that boots the
/// fixture kernel with the given arguments.
/// </summary>
public sealed class DnsmasqPeer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DnsmasqPeer(Process process) => _process = process;

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <param name="tftpRoot">Where the boot files are laid out; dnsmasq serves them unless <paramref name="serveTftp"/> is false
    /// (then another TFTP server on the same address serves that directory).</param>
    public static async Task<DnsmasqPeer> StartAsync(BootNetwork network, BootFixture fixture, string directory, string kernelArgs,
        string? tftpRoot = null, bool serveTftp = true)
    {
        var dnsmasq = Command.Require("dnsmasq", "dnsmasq-base");
        var tftp = tftpRoot ?? Path.Combine(directory, "tftp");
        Directory.CreateDirectory(tftp);
        File.Copy(fixture.Kernel, Path.Combine(tftp, "vmlinuz"));
        File.Copy(fixture.Initrd, Path.Combine(tftp, "initrd.gz"));
        File.Copy(FirmwareFiles.IpxeEfi, Path.Combine(tftp, "ipxe.efi"), overwrite: true);
        // initrd=initrd.gz: iPXE's EFI build hands the kernel's EFI stub the initrd by that name;
        // the BIOS build ignores it but it reaches /proc/cmdline either way.
        await File.WriteAllTextAsync(Path.Combine(tftp, "boot.ipxe"),
            $"#!ipxe\nkernel vmlinuz initrd=initrd.gz {kernelArgs}\ninitrd initrd.gz\nboot\n");

        var config = Path.Combine(directory, "dnsmasq.conf");
        await File.WriteAllTextAsync(config, string.Join('\n',
            "port=0", // no DNS
            $"interface={network.Bridge}",
            "bind-interfaces",
            "user=root",
            "no-resolv",
            "no-hosts",
            "log-dhcp",
            $"dhcp-leasefile={Path.Combine(directory, "leases")}",
            $"pid-file={Path.Combine(directory, "dnsmasq.pid")}",
            $"dhcp-range={network.Prefix}.100,{network.Prefix}.150,{network.Netmask},1h",
            "dhcp-userclass=set:ipxe,iPXE",
            "dhcp-match=set:efi64,option:client-arch,7",
            "dhcp-match=set:efi64,option:client-arch,9",
            // siaddr named explicitly: without enable-tftp dnsmasq would leave it 0.0.0.0.
            $"dhcp-boot=tag:ipxe,boot.ipxe,,{network.ServerAddress}",
            $"dhcp-boot=tag:!ipxe,tag:efi64,ipxe.efi,,{network.ServerAddress}",
            $"dhcp-boot=tag:!ipxe,tag:!efi64,undionly.kpxe,,{network.ServerAddress}",
            serveTftp ? "enable-tftp" : "",
            serveTftp ? $"tftp-root={tftp}" : "",
            ""));

        var start = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "netns", "exec", network.Namespace, dnsmasq, "--keep-in-foreground", "--log-facility=-", $"--conf-file={config}" })
            start.ArgumentList.Add(argument);
        var process = new Process { StartInfo = start };
        var peer = new DnsmasqPeer(process);
        process.OutputDataReceived += (_, e) => peer.Append(e.Data);
        process.ErrorDataReceived += (_, e) => peer.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        for (var i = 0; i < 100 && !peer.Output.Contains(serveTftp ? "TFTP root" : "DHCP, IP range", StringComparison.Ordinal); i++)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"dnsmasq exited with {process.ExitCode}:\n{peer.Output}");
            await Task.Delay(100);
        }
        return peer;
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
