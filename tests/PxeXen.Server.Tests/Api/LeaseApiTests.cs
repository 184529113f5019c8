using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PxeXen.Inventory.Leases;
using PxeXen.Server.Tests.Http;

namespace PxeXen.Server.Tests.Api;

/// <summary>GET /api/v1/leases through Kestrel: JSON, filtered by MAC (any spelling) and since.</summary>
public sealed class LeaseApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 30_000)]
    public async Task Leases_AreListed_FilteredByMacAndSince_AndBadFiltersAre400()
    {
        await using var service = await TestService.StartAsync();
        var store = service.Services.GetRequiredService<ILeaseStore>();
        var now = DateTimeOffset.UtcNow;
        var t0 = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero).AddMinutes(-10);
        static LeaseChange Bind(string mac, string ip, DateTimeOffset expires) =>
            new(LeaseChangeKind.Bind, new Lease { Mac = mac, Address = IPAddress.Parse(ip), Expires = expires, Hostname = "h" + mac[^1] });
        Assert.All(await store.CommitAsync([Bind("00:16:3e:11:11:11", "10.0.0.5", t0.AddHours(1))], t0, Ct), Assert.True);
        Assert.All(await store.CommitAsync([Bind("52:54:00:00:00:07", "10.0.0.107", t0.AddMinutes(5))], t0.AddMinutes(2), Ct), Assert.True);

        var all = await service.Client.GetFromJsonAsync<JsonElement>("api/v1/leases", Ct);
        Assert.Equal(["10.0.0.5", "10.0.0.107"], all.EnumerateArray().Select(l => l.GetProperty("ip").GetString()));
        Assert.Equal("bound", all[0].GetProperty("state").GetString());
        Assert.Equal("expired", all[1].GetProperty("state").GetString());

        var byMac = await service.Client.GetFromJsonAsync<JsonElement>("api/v1/leases?mac=00-16-3E-11-11-11", Ct);
        Assert.Equal("00:16:3e:11:11:11", Assert.Single(byMac.EnumerateArray()).GetProperty("mac").GetString());
        var since = Uri.EscapeDataString(t0.AddMinutes(1).ToString("O"));
        var recent = await service.Client.GetFromJsonAsync<JsonElement>($"api/v1/leases?since={since}", Ct);
        Assert.Equal("52:54:00:00:00:07", Assert.Single(recent.EnumerateArray()).GetProperty("mac").GetString());

        using var badMac = await service.Client.GetAsync("api/v1/leases?mac=web01", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badMac.StatusCode);
        Assert.Equal("mac", (await badMac.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("field").GetString());
        using var badSince = await service.Client.GetAsync("api/v1/leases?since=yesterday", Ct);
        Assert.Equal("since", (await badSince.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("field").GetString());
    }
}
