using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PxeXen.Server.Tests.Http;

namespace PxeXen.Server.Tests.Api;

/// <summary>Create, read, update, delete of distros and profiles through Kestrel; a refused change leaves the record as it was.</summary>
public sealed class DistroProfileApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 30_000)]
    public async Task Distro_CreateListReadReplaceDelete()
    {
        await using var service = await TestService.StartAsync();
        using var created = await service.Client.PostAsJsonAsync("api/v1/distros", new { name = "Rocky9", kernel = "rocky9/vmlinuz", initrds = new[] { "rocky9/initrd.img" }, breed = "redhat" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/v1/distros/rocky9", created.Headers.Location?.ToString());
        Assert.Equal("rocky9", Assert.Single((await service.Client.GetFromJsonAsync<JsonElement>("api/v1/distros", Ct)).EnumerateArray()).GetProperty("name").GetString());

        using var replaced = await service.Client.PutAsJsonAsync("api/v1/distros/rocky9", new { kernel = "rocky9/vmlinuz", initrds = new[] { "rocky9/initrd.img", "rocky9/extra.img" }, breed = "redhat", kernelArgs = "inst.text" }, Ct);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var read = await service.Client.GetFromJsonAsync<JsonElement>("api/v1/distros/ROCKY9", Ct);
        Assert.Equal(2, read.GetProperty("initrds").GetArrayLength());
        Assert.Equal("inst.text", read.GetProperty("kernelArgs").GetString());

        // A refused replace changes nothing.
        using var badBreed = await service.Client.PutAsJsonAsync("api/v1/distros/rocky9", new { kernel = "rocky9/vmlinuz", breed = "windows" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badBreed.StatusCode);
        Assert.Equal("breed", (await badBreed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("field").GetString());
        using var escape = await service.Client.PutAsJsonAsync("api/v1/distros/rocky9", new { kernel = "../../etc/shadow" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, escape.StatusCode);
        Assert.Equal("kernel", (await escape.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("field").GetString());
        Assert.Equal(2, (await service.Client.GetFromJsonAsync<JsonElement>("api/v1/distros/rocky9", Ct)).GetProperty("initrds").GetArrayLength());

        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.PutAsJsonAsync("api/v1/distros/ghost", new { kernel = "g/linux" }, Ct)).StatusCode);
        Assert.DoesNotContain(service.Log.Entries, e => e.Message.Contains("ghost")); // its kernel was not even looked for
        Assert.Equal(HttpStatusCode.Conflict, (await service.Client.PostAsJsonAsync("api/v1/distros", new { name = "rocky9", kernel = "x/linux" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await service.Client.DeleteAsync("api/v1/distros/rocky9", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync("api/v1/distros/rocky9", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.DeleteAsync("api/v1/distros/rocky9", Ct)).StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Profile_CreateListReadReplaceDelete()
    {
        await using var service = await TestService.StartAsync();
        await service.SeedAsync(Ct);
        using var created = await service.Client.PostAsJsonAsync("api/v1/profiles",
            new { name = "web", parent = "debian12-xen", kernelArgs = "role=web", menuTemplates = new { pxelinux = "diskless" }, xen = new { vcpus = 2 } }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(["debian12-xen", "web"], (await service.Client.GetFromJsonAsync<JsonElement>("api/v1/profiles", Ct)).EnumerateArray().Select(p => p.GetProperty("name").GetString()));

        using var replaced = await service.Client.PutAsJsonAsync("api/v1/profiles/web", new { parent = "debian12-xen", kernelArgs = "role=www", answerTemplate = "preseed" }, Ct);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var read = await service.Client.GetFromJsonAsync<JsonElement>("api/v1/profiles/web", Ct);
        Assert.Equal("role=www", read.GetProperty("kernelArgs").GetString());
        Assert.Equal(JsonValueKind.Null, read.GetProperty("xen").ValueKind); // replaced, not merged
        Assert.Empty(read.GetProperty("menuTemplates").EnumerateObject());

        using var badTemplate = await service.Client.PutAsJsonAsync("api/v1/profiles/web", new { parent = "debian12-xen", menuTemplates = new { floppy = "x" } }, Ct);
        Assert.Equal("menuTemplates.floppy", (await badTemplate.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("field").GetString());
        using var badParent = await service.Client.PutAsJsonAsync("api/v1/profiles/web", new { parent = "nope" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badParent.StatusCode);
        Assert.Equal("parent", (await badParent.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("field").GetString());
        Assert.Equal("role=www", (await service.Client.GetFromJsonAsync<JsonElement>("api/v1/profiles/web", Ct)).GetProperty("kernelArgs").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.PutAsJsonAsync("api/v1/profiles/ghost", new { distro = "debian12" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await service.Client.DeleteAsync("api/v1/profiles/debian12-xen", Ct)).StatusCode); // web01 and web use it
        Assert.Equal(HttpStatusCode.NoContent, (await service.Client.DeleteAsync("api/v1/profiles/web", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync("api/v1/profiles/web", Ct)).StatusCode);
    }
}
