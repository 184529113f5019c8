using System.CommandLine;
using PxeXen.Cli.Output;

namespace PxeXen.Cli.Commands;

/// <summary><c>pxexen lease list</c>: the DHCP leases the service handed out.</summary>
public static class LeaseCommand
{
    private static readonly Column[] Columns =
    [
        Column.Of("MAC", "mac"), Column.Of("IP", "ip"), Column.Of("HOSTNAME", "hostname"),
        Column.Of("STATE", "state"), Column.Of("EXPIRES", "expires"), Column.Of("CLIENT ID", "clientId"),
    ];

    public static Command Create(CommandActions actions)
    {
        var lease = new Command("lease", "DHCP leases");
        var mac = new Option<string>("--mac", "-m") { Description = "Only this MAC's leases" };
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only leases changed since (ISO 8601, e.g. 2026-11-25T12:00Z)", HelpName = "TIME" };
        var list = new Command("list", "List leases (a table; --json for scripts)") { mac, since };
        actions.Set(list, async (context, cancellationToken) =>
        {
            var query = new List<string>();
            if (context.Get(mac) is { } m) query.Add("mac=" + Uri.EscapeDataString(Values.Mac(m, "--mac")));
            if (context.Get(since) is { } s) query.Add("since=" + Uri.EscapeDataString(s.ToUniversalTime().ToString("O")));
            var leases = await context.Api.GetListAsync(query.Count == 0 ? "leases" : "leases?" + string.Join('&', query), cancellationToken);
            context.Print.List(leases, Columns, "no leases");
            return ExitCodes.Ok;
        });
        lease.Add(list);
        return lease;
    }
}
