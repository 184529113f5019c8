using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using PxeXen.Cli.Output;

namespace PxeXen.Cli.Commands;

/// <summary>
/// <c>pxexen events [--follow]</c>: how far machines got (dhcp-discover ... installed), the most
/// recent ones. With <c>--follow</c> it prints the last few, then streams new ones from <c>GET /events/stream</c>
/// until Ctrl+C, reconnecting with <c>?after=</c> the last event seen if the service restarts.
/// </summary>
public static class EventsCommand
{
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)];

    /// <summary>How many recent events are shown: a listing as many as the API's default, --follow a screenful (as tail -f).</summary>
    private const int ListedByDefault = 1000;
    private const int FollowedByDefault = 10;
    private const int MostListed = 100_000;

    public static Command Create(CommandActions actions)
    {
        var mac = new Option<string>("--mac", "-m") { Description = "Only this MAC's events" };
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only events since (ISO 8601)", HelpName = "TIME" };
        var limit = new Option<int?>("--limit", "-n") { Description = $"Show the most recent N (default {ListedByDefault}; with --follow {FollowedByDefault} before the live ones)", HelpName = "N" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep streaming new events as machines boot (Ctrl+C stops)" };
        var command = new Command("events", "Boot events: DHCP, TFTP, HTTP, answer file, installed, local boot") { mac, since, limit, follow };
        actions.Set(command, async (context, cancellationToken) =>
        {
            var macFilter = context.Get(mac) is { } m ? Values.Mac(m, "--mac") : null;
            var query = new List<string>();
            if (macFilter is not null) query.Add("mac=" + Uri.EscapeDataString(macFilter));
            if (context.Get(since) is { } s) query.Add("since=" + Uri.EscapeDataString(s.ToUniversalTime().ToString("O")));
            var keep = context.Get(limit) is { } n ? Values.Positive(n, "--limit") : context.Get(follow) ? FollowedByDefault : ListedByDefault;
            if (keep > MostListed)
                throw CommandException.Usage($"--limit is at most {MostListed} (the API's bound)");
            var events = await RecentAsync(context, query, keep, cancellationToken);
            var names = await MachineNamesAsync(context, cancellationToken);
            if (!context.Get(follow))
            {
                context.Print.List(events, Columns(names), "no boot events");
                return ExitCodes.Ok;
            }
            long last = 0;
            foreach (var item in events.OfType<JsonObject>())
                last = Math.Max(last, Write(context, item, names));
            if (!context.Print.Json)
                context.Print.Note($"following boot events from {context.Endpoint.ApiBase.GetLeftPart(UriPartial.Authority)} (Ctrl+C stops)");
            await FollowAsync(context, macFilter, names, last, cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The newest <paramref name="keep"/> events matching <paramref name="filters"/>, oldest first (<c>GET /events?last=</c>).</summary>
    private static Task<JsonArray> RecentAsync(CliContext context, List<string> filters, int keep, CancellationToken cancellationToken)
    {
        var query = new List<string>(filters) { "last=" + keep.ToString(CultureInfo.InvariantCulture) };
        return context.Api.GetListAsync("events?" + string.Join('&', query), cancellationToken);
    }

    private static async Task FollowAsync(CliContext context, string? macFilter, Dictionary<string, string> names, long last, CancellationToken cancellationToken)
    {
        var failures = 0;
        var namesFetched = DateTimeOffset.UtcNow;
        while (true)
        {
            try
            {
                // ?after= makes the server send what happened since the last event seen first (also
                // across a restart of the service), then the live ones: nothing lost, nothing twice.
                var path = $"events/stream?after={last}" + (macFilter is null ? "" : "&mac=" + Uri.EscapeDataString(macFilter));
                await foreach (var item in context.Api.StreamAsync(path, cancellationToken))
                {
                    if (failures > 0)
                        context.Print.Note("reconnected");
                    failures = 0;
                    var id = Id(item);
                    if ((id > 0 && id <= last) || (macFilter is not null && Json.String(item, "mac") != macFilter))
                        continue;
                    // A machine registered meanwhile: learn its name (not more than every few seconds).
                    if (!names.ContainsKey(Json.String(item, "mac")) && DateTimeOffset.UtcNow - namesFetched > TimeSpan.FromSeconds(5))
                    {
                        names = await MachineNamesAsync(context, cancellationToken);
                        namesFetched = DateTimeOffset.UtcNow;
                    }
                    last = Math.Max(last, Write(context, item, names));
                }
                context.Print.Note("the server closed the event stream; reconnecting");
            }
            catch (CommandException e) when (e.ExitCode is ExitCodes.Unreachable or ExitCodes.ServerError)
            {
                context.Print.Note($"event stream lost ({e.Message}); retrying");
            }
            await Task.Delay(Backoff[Math.Min(failures++, Backoff.Length - 1)], cancellationToken);
        }
    }

    private static long Write(CliContext context, JsonObject item, Dictionary<string, string> names)
    {
        if (context.Print.Json)
            context.Print.Out.WriteLine(item.ToJsonString(Json.Compact));
        else
            context.Print.Out.WriteLine(string.Join("  ", Columns(names).Select(c => c.Read(item))).TrimEnd());
        context.Print.Out.Flush();
        return Id(item);
    }

    private static long Id(JsonObject item) => Json.At(item, "id") is JsonValue v && v.TryGetValue<long>(out var id) ? id : 0;

    private static Column[] Columns(Dictionary<string, string> names) =>
    [
        new("TIME", e => DateTimeOffset.TryParse(Json.String(e, "time"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) : Json.String(e, "time")),
        Column.Of("MAC", "mac"),
        new("MACHINE", e => names.GetValueOrDefault(Json.String(e, "mac"), "-")),
        new("STAGE", e => Json.String(e, "stage").PadRight(13)),
        Column.Of("DETAIL", "detail"),
    ];

    /// <summary>MAC → machine name, so events say "web01" and not only a MAC.</summary>
    private static async Task<Dictionary<string, string>> MachineNamesAsync(CliContext context, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var machine in (await context.Api.GetListAsync("machines", cancellationToken)).OfType<JsonObject>())
            foreach (var mac in machine["macs"] as JsonArray ?? [])
                names[mac?.ToString() ?? ""] = Json.String(machine, "name");
        return names;
    }
}
