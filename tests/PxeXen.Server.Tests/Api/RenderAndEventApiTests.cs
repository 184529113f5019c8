using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PxeXen.Inventory.Events;
using PxeXen.Protocol.Tests.Kernel;
using PxeXen.Server.Tests.Http;

namespace PxeXen.Server.Tests.Api;

/// <summary>Render preview, kernel inspection, events (list and stream) and seen MACs.</summary>
public sealed class RenderAndEventApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 30_000)]
    public async Task Render_ReturnsTextForEachKind_400ForUnknownKind_404ForUnknownMachine()
    {
        await using var service = await TestService.StartAsync();
        await service.SeedAsync(Ct);
        Assert.Contains("KERNEL debian12/linux", await service.Client.GetStringAsync("api/v1/machines/web01/render/pxelinux", Ct));
        Assert.StartsWith("#!ipxe", await service.Client.GetStringAsync("api/v1/machines/web01/render/ipxe", Ct));
        Assert.Contains("menuentry", await service.Client.GetStringAsync("api/v1/machines/web01/render/grub", Ct));
        Assert.StartsWith("#_preseed_V1", await service.Client.GetStringAsync("api/v1/machines/web01/render/answer", Ct));
        Assert.Equal(HttpStatusCode.BadRequest, (await service.Client.GetAsync("api/v1/machines/web01/render/floppy", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync("api/v1/machines/ghost/render/ipxe", Ct)).StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task BrokenTemplate_Is422NamingTemplateAndLine()
    {
        var menus = Directory.CreateTempSubdirectory("pxexen-menus-").FullName;
        Directory.CreateDirectory(Path.Combine(menus, "ipxe"));
        File.WriteAllText(Path.Combine(menus, "ipxe", "netboot.scriban"), "#!ipxe\nkernel {{ urls.kernell }}\n");
        try
        {
            await using var service = await TestService.StartAsync(menus: menus);
            await service.SeedAsync(Ct);
            using var response = await service.Client.GetAsync("api/v1/machines/web01/render/ipxe", Ct);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var error = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("error").GetString();
            Assert.Contains("ipxe/netboot.scriban line 2", error);
            Assert.Contains("kernell", error);
        }
        finally
        {
            Directory.Delete(menus, recursive: true);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task DistroKernel_IsInspectedForXen_AndANonXenKernelIsRefusedInXlCfg()
    {
        var menus = Directory.CreateTempSubdirectory("pxexen-menus-").FullName;
        Directory.CreateDirectory(Path.Combine(menus, "xen"));
        File.WriteAllText(Path.Combine(menus, "xen", "xl.cfg.scriban"), "name = \"{{ machine.name }}\"\nkernel = \"{{ distro.kernel }}\"\n");
        try
        {
            await using var service = await TestService.StartAsync(menus: menus);
            Directory.CreateDirectory(Path.Combine(service.BootImages, "k"));
            File.WriteAllBytes(Path.Combine(service.BootImages, "k", "xen"), KernelImages.Gzip(KernelImages.Elf64(KernelImages.NoteBlob(KernelImages.LinuxPvNotes))));
            File.WriteAllBytes(Path.Combine(service.BootImages, "k", "plain"), KernelImages.Elf64(KernelImages.NoteBlob([KernelImages.Note(6, "linux")], name: "GNU")));
            using var xen = await service.Client.PostAsJsonAsync("api/v1/distros", new { name = "xen", kernel = "k/xen" }, Ct);
            var xenCapability = (await xen.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("xen");
            Assert.True(xenCapability.GetProperty("pv").GetBoolean());
            Assert.True(xenCapability.GetProperty("pvh").GetBoolean());
            Assert.Equal("gzip-elf", xenCapability.GetProperty("format").GetString());
            using var plain = await service.Client.PostAsJsonAsync("api/v1/distros", new { name = "plain", kernel = "k/plain" }, Ct);
            Assert.False((await plain.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("xen").GetProperty("pv").GetBoolean());
            using var missing = await service.Client.PostAsJsonAsync("api/v1/distros", new { name = "later", kernel = "k/not-yet" }, Ct);
            Assert.Equal(JsonValueKind.Null, (await missing.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("xen").ValueKind);

            await service.Client.PostAsJsonAsync("api/v1/profiles", new { name = "pv", distro = "xen" }, Ct);
            await service.Client.PostAsJsonAsync("api/v1/profiles", new { name = "bad", distro = "plain" }, Ct);
            await service.Client.PostAsJsonAsync("api/v1/machines", new { name = "good", macs = new[] { "00:16:3e:00:00:01" }, profile = "pv" }, Ct);
            await service.Client.PostAsJsonAsync("api/v1/machines", new { name = "doomed", macs = new[] { "00:16:3e:00:00:02" }, profile = "bad" }, Ct);
            Assert.Contains("name = \"good\"", await service.Client.GetStringAsync("api/v1/machines/good/render/xl.cfg", Ct));
            using var refused = await service.Client.GetAsync("api/v1/machines/doomed/render/xl.cfg", Ct);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains("cannot boot as a Xen PV domU", await refused.Content.ReadAsStringAsync(Ct));
        }
        finally
        {
            Directory.Delete(menus, recursive: true);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Events_AreListedWithFilters_AndStreamedAsTheyHappen()
    {
        await using var service = await TestService.StartAsync();
        var sink = service.Services.GetRequiredService<IBootEventSink>();
        sink.Record("00:16:3e:11:11:11", BootStage.DhcpDiscover, "arch=0 userClass=XenPV");

        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/events/stream?mac=52-54-00-00-00-07");
        using var stream = await service.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(Ct));
        sink.Record("00:16:3e:99:99:99", BootStage.TftpFile, "not for this watcher");
        sink.Record("52:54:00:00:00:07", BootStage.DhcpDiscover, "arch=7 userClass=iPXE vendorClass=PXEClient:Arch:00007:UNDI:003016");
        string? data = null;
        while (data is null && await reader.ReadLineAsync(Ct) is { } line)
            if (line.StartsWith("data: ", StringComparison.Ordinal))
                data = line["data: ".Length..];
        var streamed = JsonSerializer.Deserialize<JsonElement>(data!);
        Assert.Equal("52:54:00:00:00:07", streamed.GetProperty("mac").GetString());
        Assert.Equal("dhcp-discover", streamed.GetProperty("stage").GetString());

        var all = await service.Client.GetFromJsonAsync<JsonElement>("api/v1/events", Ct);
        Assert.Equal(3, all.GetArrayLength());
        var one = await service.Client.GetFromJsonAsync<JsonElement>("api/v1/events?mac=00-16-3e-11-11-11", Ct);
        Assert.Equal("XenPV", Assert.Single(one.EnumerateArray()).GetProperty("detail").GetString()!.Split('=')[^1]);
        var firstId = all[0].GetProperty("id").GetInt64();
        Assert.Equal(2, (await service.Client.GetFromJsonAsync<JsonElement>($"api/v1/events?after={firstId}", Ct)).GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await service.Client.GetAsync("api/v1/events?since=yesterday", Ct)).StatusCode);
        var newest = await service.Client.GetFromJsonAsync<JsonElement>("api/v1/events?last=2", Ct);
        Assert.Equal([all[1].GetProperty("id").GetInt64(), all[2].GetProperty("id").GetInt64()], newest.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
        using var both = await service.Client.GetAsync("api/v1/events?last=2&limit=2", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.Contains("\"field\":\"last\"", await both.Content.ReadAsStringAsync(Ct));

        var seen = await service.Client.GetFromJsonAsync<JsonElement>("api/v1/seen", Ct);
        var ipxe = seen.EnumerateArray().Single(s => s.GetProperty("mac").GetString() == "52:54:00:00:00:07");
        Assert.Equal("7", ipxe.GetProperty("arch").GetString());
        Assert.Equal("iPXE", ipxe.GetProperty("userClass").GetString());
    }
}
