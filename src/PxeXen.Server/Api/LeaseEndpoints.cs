using System.Globalization;
using PxeXen.Inventory.Leases;
using PxeXen.Protocol.Dhcp;

namespace PxeXen.Server.Api;

/// <summary>GET /api/v1/leases (docs/api.md): <c>?mac=</c>, <c>?since=</c> (ISO 8601). Open to read.</summary>
public static class LeaseEndpoints
{
    /// <summary>A lease as the API shows it; <c>state</c> is bound, expired, released or declined.</summary>
    public sealed record LeaseDocument(string Mac, string Ip, string? ClientId, string? Hostname, DateTimeOffset Expires, string State);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/leases", async (string? mac, string? since, ILeaseStore store, TimeProvider clock, CancellationToken ct) =>
        {
            string? normalised = null;
            if (mac is not null && (normalised = MacAddress.Normalise(mac)) is null)
                return ApiJson.Error(StatusCodes.Status400BadRequest, $"'{mac}' is not a MAC address (aa:bb:cc:dd:ee:ff)", "mac");
            DateTimeOffset? from = null;
            if (since is not null)
            {
                if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                    return ApiJson.Error(StatusCodes.Status400BadRequest, $"'{since}' is not an ISO 8601 time", "since");
                from = parsed;
            }
            var now = clock.GetUtcNow();
            var leases = await store.ListAsync(normalised, from, ct);
            return ApiJson.Ok(leases.Select(l => ToDocument(l, now)).ToList());
        });
    }

    public static LeaseDocument ToDocument(Lease lease, DateTimeOffset now) => new(
        lease.Mac, lease.Address.ToString(), lease.ClientId, lease.Hostname, lease.Expires,
        lease.State switch
        {
            LeaseState.Released => "released",
            LeaseState.Declined => "declined",
            _ => lease.Expires < now ? "expired" : "bound",
        });
}
