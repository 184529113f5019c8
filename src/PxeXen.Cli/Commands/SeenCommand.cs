using System.CommandLine;
using System.Text.Json.Nodes;
using PxeXen.Cli.Output;

namespace PxeXen.Cli.Commands;

/// <summary><c>pxexen seen</c>: MACs that asked to boot but are not registered.</summary>
public static class SeenCommand
{
    private static readonly Column[] Columns =
    [
        Column.Of("MAC", "mac"), Column.Of("FIRST SEEN", "firstSeen"), Column.Of("LAST SEEN", "lastSeen"),
        new("FIRMWARE", s => FirmwareArch.Describe(Json.String(s, "arch"))),
        Column.Of("USER CLASS", "userClass"), Column.Of("VENDOR CLASS", "vendorClass"),
    ];

    public static Command Create(CommandActions actions)
    {
        var command = new Command("seen", "MACs that asked to boot and are not registered (register one with 'machine add NAME --from-seen MAC')");
        actions.Set(command, async (context, cancellationToken) =>
        {
            context.Print.List(await context.Api.GetListAsync("seen", cancellationToken), Columns, "no unregistered MAC has asked to boot");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The MAC for <c>machine add --from-seen [MAC]</c>: the one given if it was seen, or the only one seen.</summary>
    public static async Task<string> PickAsync(CliContext context, string? wanted, CancellationToken cancellationToken)
    {
        var seen = (await context.Api.GetListAsync("seen", cancellationToken)).OfType<JsonObject>().ToList();
        var macs = seen.Select(s => Json.String(s, "mac")).Where(m => m.Length > 0).ToList();
        if (!string.IsNullOrEmpty(wanted))
        {
            var mac = Values.Mac(wanted, "--from-seen");
            return macs.Contains(mac, StringComparer.OrdinalIgnoreCase) ? mac
                : throw new CommandException(ExitCodes.NotFound, $"{mac} has not asked to boot (or is registered already)",
                    macs.Count == 0 ? "no unregistered MAC has asked to boot yet" : $"seen: {string.Join(", ", macs)}");
        }
        return macs.Count switch
        {
            1 => macs[0],
            0 => throw new CommandException(ExitCodes.NotFound, "--from-seen: no unregistered MAC has asked to boot yet", "power the machine on (PXE), then run 'pxexen seen'"),
            _ => throw CommandException.Usage($"--from-seen: {macs.Count} MACs are waiting, say which", $"--from-seen MAC, one of: {string.Join(", ", macs)}"),
        };
    }
}
