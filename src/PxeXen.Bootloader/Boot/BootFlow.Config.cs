using System.Text;
using PxeXen.Bootloader.Network;
using PxeXen.Protocol.Pxelinux;

namespace PxeXen.Bootloader.Boot;

/// <summary>Finding, reading and choosing from the PXELINUX configuration (spec §7.2-7.5).</summary>
internal sealed partial class BootFlow
{
    private const int MaxConfigRestarts = 8;
    private const int MaxIncludeDepth = 16;

    private sealed record Choice(PxelinuxBootCommand? Command, BootOutcome? Outcome);

    private async Task<Choice> ChooseEntryAsync(FileFetcher fetcher, DhcpLease lease, string prefix, CancellationToken cancellationToken)
    {
        var uuid = options.Uuid is { } u && PxelinuxConfigSearch.IsUsableUuid(u) ? u.ToLowerInvariant() : null;
        var names = PxelinuxConfigSearch.Names(prefix, lease.ConfigFile, uuid, 1, options.Mac, lease.ClientAddress);
        string? text = null;
        foreach (var name in names)
        {
            var (found, failure) = await FetchTextAsync(fetcher, name, prefixed: true, cancellationToken);
            if (failure is not null)
                return new Choice(null, BootOutcome.Failed($"config {name}: {failure} (not falling back to later names: a slow server must not select 'default')"));
            if (found is not null)
            {
                log.Step($"config {name}");
                text = found;
                break;
            }
            log.Detail($"config {name}: not found");
        }
        if (text is null)
            return new Choice(null, BootOutcome.Failed($"Unable to locate configuration file (tried {string.Join(", ", names)})"));

        var sysAppend = new SysAppendValues(
            $"ip={lease.ClientAddress}:{fetcher.BootServer}:{lease.Router?.ToString() ?? "0.0.0.0"}:{lease.SubnetMask?.ToString() ?? "0.0.0.0"}",
            "BOOTIF=" + PxelinuxConfigSearch.BootIf(1, options.Mac),
            uuid is null ? null : "SYSUUID=" + uuid);
        string? label = options.Label;
        for (var restart = 0; ; restart++)
        {
            var builder = new PxelinuxConfigBuilder();
            await LoadAsync(builder, fetcher, text, prefix, 0, cancellationToken);
            foreach (var warning in builder.Config.Warnings)
                log.Warning(warning);
            if (!PxelinuxEntrySelector.TrySelect(builder.Config, label, sysAppend, options.FallbackFirstLabel, out var command, out var reason))
                return new Choice(null, BootOutcome.Failed(reason));
            switch (command.Type)
            {
                case PxelinuxEntryType.Linux:
                    return new Choice(command, null);
                case PxelinuxEntryType.LocalBoot:
                    return new Choice(null, BootOutcome.Local($"label {command.Label}: LOCALBOOT"));
                case PxelinuxEntryType.Config when restart < MaxConfigRestarts:
                    // CONFIG file [dir]: start over with that file (syslinux.txt:336-343).
                    var (next, failure) = await FetchTextAsync(fetcher, command.KernelFile, prefixed: false, cancellationToken, prefix);
                    if (next is null)
                        return new Choice(null, BootOutcome.Failed($"CONFIG {command.KernelFile}: {failure ?? "not found"}"));
                    log.Step($"CONFIG {command.KernelFile}");
                    text = next;
                    label = null;
                    continue;
                case PxelinuxEntryType.Config:
                    return new Choice(null, BootOutcome.Failed($"more than {MaxConfigRestarts} CONFIG restarts"));
                default:
                    return new Choice(null, BootOutcome.Failed(
                        $"{(command.Label is null ? "" : $"label {command.Label}: ")}{command.KernelFile} is a {command.Type} entry, not bootable as a Xen PV kernel"));
            }
        }
    }

    /// <summary>INCLUDE / MENU INCLUDE read in place; a missing file is silently ignored (do_include, readconfig.c:853-874).</summary>
    private async Task LoadAsync(PxelinuxConfigBuilder builder, FileFetcher fetcher, string text, string prefix, int depth, CancellationToken cancellationToken)
    {
        foreach (var line in PxelinuxConfigBuilder.Lines(text))
        {
            var include = builder.Apply(line);
            if (include is null)
                continue;
            if (depth >= MaxIncludeDepth)
            {
                builder.Config.Warnings.Add($"INCLUDE {include} ignored: nesting deeper than {MaxIncludeDepth}");
                continue;
            }
            var (included, failure) = await FetchTextAsync(fetcher, include, prefixed: false, cancellationToken, prefix);
            if (failure is not null)
                log.Warning($"INCLUDE {include}: {failure}; ignored");
            if (included is not null)
                await LoadAsync(builder, fetcher, included, prefix, depth + 1, cancellationToken);
        }
    }

    /// <summary>A small text file: its text, or (null, null) for not found, or (null, reason) when the transfer failed.</summary>
    private static async Task<(string? Text, string? Failure)> FetchTextAsync(FileFetcher fetcher, string name, bool prefixed,
        CancellationToken cancellationToken, string prefix = "")
    {
        PxelinuxFileReference reference;
        if (prefixed)
            reference = new PxelinuxFileReference("tftp", null, null, name); // search names already carry the prefix
        else if (!PxelinuxFileReference.TryParse(name, prefix, out reference, out var reason))
            return (null, reason);
        using var buffer = new MemoryStream();
        var outcome = await fetcher.FetchAsync(reference, buffer, cancellationToken);
        return outcome.Kind switch
        {
            TftpOutcomeKind.Done => (Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), null),
            TftpOutcomeKind.ServerError => (null, null),
            _ => (null, outcome.Message),
        };
    }
}
