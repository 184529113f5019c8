using System.Net;
using System.Text;
using PxeXen.Bootloader.CommandLine;
using PxeXen.Bootloader.Network;
using PxeXen.Bootloader.Output;
using PxeXen.Protocol.Kernel;
using PxeXen.Protocol.Pxelinux;

namespace PxeXen.Bootloader.Boot;

/// <summary>
/// The helper's algorithm (spec §11) after the privileged setup: DHCP, boot server and prefix,
/// --kernel or the PXELINUX config (search order, INCLUDE, CONFIG, entry selection), command line
/// and initrds, downloads into the fresh files, optional Xen-PV pre-flight, the record.
/// </summary>
internal sealed partial class BootFlow(BootloaderOptions options, Diagnostics log)
{
    public int TftpPort { get; init; } = 69;

    public async Task<BootOutcome> RunAsync(IDhcpTransport transport, BootFiles files, CancellationToken cancellationToken)
    {
        var mac = options.Mac!;
        var exchange = new DhcpExchange(transport, mac, log)
        {
            VendorClass = options.VendorClass,
            UserClass = options.UserClass,
            Uuid = options.Uuid is null ? null : Guid.Parse(options.Uuid),
            ClientIdFromMac = options.ClientIdFromMac,
        };
        var (lease, dhcpError) = await exchange.RunAsync(options.DhcpTimeout, cancellationToken);
        transport.Dispose(); // never RELEASE: the guest keeps the address (spec §8.3)
        if (lease is null)
            return BootOutcome.Failed(dhcpError!);

        // Spec §8.3: a ProxyDHCP offer with only a PXE boot menu wants a second exchange on UDP 4011.
        if (string.IsNullOrEmpty(lease.BootFile) && options.Kernel is null && lease.BootServerMenuFrom is { } menuServer)
            return BootOutcome.Failed($"ProxyDHCP boot-server discovery is not supported: the ProxyDHCP offer from {menuServer} carries a PXE boot menu (option 43) and no boot file; give the boot file in the ProxyDHCP offer (e.g. dnsmasq dhcp-boot) instead of pxe-service menus");
        var tftp = new TftpDownload { BlockSize = options.TftpBlockSize, WindowSize = options.TftpWindowSize, Timeout = options.TftpTimeout };
        var server = lease.BootServer;
        if (server is null && lease.TftpServerName is { Length: > 0 } name)
            server = await new FileFetcher(IPAddress.Any, lease.DomainName, tftp, TftpPort, options.TftpTimeout, log).ResolveAsync(name, cancellationToken);
        server ??= lease.ServerIdentifier;
        if (server is null)
            return BootOutcome.Failed($"DHCP answer for {lease.ClientAddress} names no boot server (siaddr, option 66 or 54)");
        var prefix = PxelinuxPathPrefix.From(lease.BootFile, lease.PathPrefix);
        log.Step($"address {lease.ClientAddress}, boot server {server}, boot file '{lease.BootFile}', prefix '{prefix}'");
        var fetcher = new FileFetcher(server, lease.DomainName, tftp, TftpPort, options.TftpTimeout, log);

        string kernelName;
        IReadOnlyList<string> initrds;
        string args;
        string what;
        if (options.Kernel is not null)
        {
            // pygrub parity: --kernel bypasses the menu; --args is the whole command line.
            kernelName = options.Kernel;
            initrds = options.Ramdisk is null ? [] : [options.Ramdisk];
            args = string.Join(' ', options.ExtraArguments);
            what = "--kernel";
        }
        else
        {
            var chosen = await ChooseEntryAsync(fetcher, lease, prefix, cancellationToken);
            if (chosen.Outcome is not null)
                return chosen.Outcome;
            var command = chosen.Command!;
            if (!command.TryGetInitrds(out initrds, out var warning, out var initrdError))
                return BootOutcome.Failed($"label {command.Label ?? command.KernelFile}: {initrdError}");
            if (warning is not null)
                log.Warning(warning);
            kernelName = command.KernelFile;
            args = command.KernelArguments(options.KeepInitrdArgument);
            if (options.BootImageArgument)
                args = $"BOOT_IMAGE={kernelName} {args}";
            foreach (var extra in options.ExtraArguments)
                args = args + " " + extra;
            what = command.Label is null ? $"kernel {kernelName}" : $"label {command.Label}";
        }
        args = args.Trim();
        if (Encoding.UTF8.GetByteCount(args) > 1023)
            log.Warning($"command line is {Encoding.UTF8.GetByteCount(args)} bytes; a PV guest sees only the first 1023 (MAX_GUEST_CMDLINE)");
        log.Step($"{what}: kernel {kernelName}{(initrds.Count == 0 ? "" : ", initrd " + string.Join(',', initrds))}");

        var kernelBytes = await DownloadAsync(fetcher, kernelName, prefix, files.Kernel, "kernel", cancellationToken);
        if (kernelBytes.Error is not null)
            return BootOutcome.Failed(kernelBytes.Error);
        long ramdiskBytes = 0;
        for (var i = 0; i < initrds.Count; i++)
        {
            // Several initrds become one module: all but the last zero-padded to 4 KiB (syslinux.txt:375-379).
            if (i > 0 && files.Ramdisk.Position % 4096 != 0)
                files.Ramdisk.Write(new byte[4096 - files.Ramdisk.Position % 4096]);
            var got = await DownloadAsync(fetcher, initrds[i], prefix, files.Ramdisk, "initrd", cancellationToken);
            if (got.Error is not null)
                return BootOutcome.Failed(got.Error);
            ramdiskBytes = files.Ramdisk.Position;
        }
        files.RamdiskUsed = initrds.Count > 0;

        if (options.CheckXenKernel && CheckKernel(files) is { } refusal)
            return BootOutcome.Failed(refusal);

        files.Commit();
        var record = new BootRecord(files.Kernel.Name, files.RamdiskUsed ? files.Ramdisk.Name : null, args);
        return BootOutcome.Booted(record,
            $"booting {what}: kernel {kernelBytes.Bytes} bytes{(files.RamdiskUsed ? $", initrd {ramdiskBytes} bytes" : "")} in {log.Elapsed.TotalSeconds:0.00} s");
    }

    private async Task<(long Bytes, string? Error)> DownloadAsync(FileFetcher fetcher, string name, string prefix, Stream destination,
        string what, CancellationToken cancellationToken)
    {
        if (!PxelinuxFileReference.TryParse(name, prefix, out var reference, out var reason))
            return (0, $"{what} {name}: {reason}");
        var started = log.Elapsed;
        var outcome = await fetcher.FetchAsync(reference, destination, cancellationToken);
        var where = reference.IsHttp ? reference.Url : reference.Path;
        switch (outcome.Kind)
        {
            case TftpOutcomeKind.Done:
                var seconds = Math.Max((log.Elapsed - started).TotalSeconds, 1e-6);
                log.Step($"{what} {where}: {outcome.Bytes} bytes in {seconds:0.000} s ({outcome.Bytes / seconds / 1e6:0.0} MB/s)");
                return (outcome.Bytes, null);
            case TftpOutcomeKind.ServerError:
                return (0, $"{what} {where}: server refused: {outcome.Message}");
            default:
                return (0, $"{what} {where}: {outcome.Message}");
        }
    }

    /// <summary>The optional pre-flight of spec §10: refuse a kernel no Xen domain builder would take.</summary>
    private string? CheckKernel(BootFiles files)
    {
        files.Kernel.Flush();
        var image = new byte[files.Kernel.Length];
        files.Kernel.Position = 0;
        files.Kernel.ReadExactly(image);
        files.Kernel.Position = files.Kernel.Length;
        if (!XenKernelInspector.TryInspect(image, out var info, out var reason))
            return $"the kernel is not a kernel Xen can load: {reason}";
        if (!info.NotesInspected)
        {
            log.Warning($"kernel {info.Format}: {info.Reason}; Xen-PV capability not checked");
            return null;
        }
        if (info.IsPv)
        {
            log.Step($"kernel is Xen-PV capable ({info})");
            return null;
        }
        if (info.IsPvh)
        {
            log.Warning($"kernel is PVH-only ({info.Reason}); it boots only with type=\"pvh\"");
            return null;
        }
        return $"the kernel is not Xen-PV capable: {info.Reason} ({info.Format})";
    }
}
