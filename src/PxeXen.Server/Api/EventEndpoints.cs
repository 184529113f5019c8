using System.Globalization;
using System.Text.Json;
using PxeXen.Inventory.Events;
using PxeXen.Inventory.Naming;
using PxeXen.Inventory.Store;
using PxeXen.Inventory.Validation;

namespace PxeXen.Server.Api;

/// <summary>/api/v1/events (filtered list) and /api/v1/events/stream (server-sent events).</summary>
public static class EventEndpoints
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/events", async (string? mac, string? since, long? after, int? limit, int? last, IInventoryStore store, CancellationToken ct) =>
        {
            if (Parse(mac, since, out var query) is { } invalid)
                return ApiJson.BadRequest(invalid);
            if (limit is < 1 or > 100_000)
                return ApiJson.BadRequest(new ValidationFailure("limit", "limit must be between 1 and 100000"));
            if (last is < 1 or > 100_000)
                return ApiJson.BadRequest(new ValidationFailure("last", "last must be between 1 and 100000"));
            if (last is not null && limit is not null)
                return ApiJson.BadRequest(new ValidationFailure("last", "give limit (the oldest N) or last (the newest N), not both"));
            var events = await store.ListEventsAsync(query with { AfterId = after, Limit = last ?? limit ?? 1000, Newest = last is not null }, ct);
            return ApiJson.Ok(events);
        });

        api.MapGet("/events/stream", async (HttpContext context, string? mac, long? after, BootEventFeed feed, IInventoryStore store, CancellationToken ct) =>
        {
            if (Parse(mac, null, out var query) is { } invalid)
            {
                await ApiJson.BadRequest(invalid).ExecuteAsync(context);
                return;
            }
            // Subscribe before reading the backlog so nothing falls between the two.
            using var subscription = feed.Subscribe();
            var response = context.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";
            await response.WriteAsync(": pxexen boot events\n\n", ct);
            await response.Body.FlushAsync(ct);
            var lastId = after ?? long.MaxValue;
            var lastEventId = context.Request.Headers["Last-Event-ID"].ToString();
            if (long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var resumeFrom))
                lastId = resumeFrom;
            if (lastId != long.MaxValue)
                foreach (var e in await store.ListEventsAsync(query with { AfterId = lastId, Limit = 10_000 }, ct))
                    lastId = await WriteAsync(response, e, ct);
            else
                lastId = 0;
            while (!ct.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(KeepAlive);
                try
                {
                    await subscription.Events.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    // A comment line keeps proxies and idle timeouts from closing a quiet stream.
                    await response.WriteAsync(": keep-alive\n\n", ct);
                    await response.Body.FlushAsync(ct);
                    continue;
                }
                while (subscription.Events.TryRead(out var e))
                    if (e.Id > lastId && (query.Mac is null || query.Mac == e.Mac))
                        lastId = await WriteAsync(response, e, ct);
            }
        });

        api.MapGet("/seen", async (IInventoryStore store, CancellationToken ct) => ApiJson.Ok(await store.ListSeenAsync(ct)));
    }

    private static async Task<long> WriteAsync(HttpResponse response, BootEvent e, CancellationToken ct)
    {
        await response.WriteAsync($"id: {e.Id}\ndata: {JsonSerializer.Serialize(e, ApiJson.Options)}\n\n", ct);
        await response.Body.FlushAsync(ct);
        return e.Id;
    }

    private static ValidationFailure? Parse(string? mac, string? since, out EventQuery query)
    {
        query = new EventQuery();
        if (mac is not null)
        {
            if (!MacAddress.TryNormalize(mac, out var normalized))
                return new ValidationFailure("mac", $"'{mac}' is not a MAC address");
            query = query with { Mac = normalized };
        }
        if (since is not null)
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
                return new ValidationFailure("since", $"'{since}' is not an ISO 8601 time, e.g. 2026-11-25T12:00:00Z");
            query = query with { Since = time };
        }
        return null;
    }
}
