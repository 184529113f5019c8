using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace PxeXen.Server.Tests.Http;

/// <summary>What booting machines fetch over HTTP, through Kestrel.</summary>
public sealed class BootEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 30_000)]
    public async Task MissingMenusFolder_IsAWarningAtStart_NamingTheSetting()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"pxexen-no-menus-{Guid.NewGuid():N}");
        await using var service = await TestService.StartAsync(menus: missing);
        var warning = Assert.Single(service.Log.Entries, e => e.Message.Contains("Service:Menus"));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.Contains(missing, warning.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task ShippedMenusFolder_GivesNoWarning()
    {
        await using var service = await TestService.StartAsync();
        Assert.DoesNotContain(service.Log.Entries, e => e.Message.Contains("Service:Menus"));
    }

    [Fact(Timeout = 30_000)]
    public async Task IpxeScript_ForARegisteredMac_PointsBackAtThisServer()
    {
        await using var service = await TestService.StartAsync();
        await service.SeedAsync(Ct);
        var script = await service.Client.GetStringAsync("ipxe/00-16-3E-11-11-11", Ct);
        Assert.StartsWith("#!ipxe", script);
        Assert.Contains($"kernel {service.BaseUrl}/boot-images/debian12/linux initrd=initrd0", script);
        Assert.Contains($"url={service.BaseUrl}/answers/00-16-3e-11-11-11", script);
    }

    [Fact(Timeout = 30_000)]
    public async Task IpxeScript_WithoutAMac_IsTheMachineAtTheClientsAddress()
    {
        await using var service = await TestService.StartAsync();
        await service.SeedAsync(Ct);
        Assert.Contains("exit", await service.Client.GetStringAsync("ipxe", Ct)); // 127.0.0.1 is nobody yet
        using var moved = await service.Client.PutAsJsonAsync("api/v1/machines/web01", new { macs = new[] { "00:16:3e:11:11:11" }, profile = "debian12-xen", ip = "127.0.0.1" }, Ct);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var script = await service.Client.GetStringAsync("ipxe", Ct);
        Assert.Contains("# PxeXen: web01 (00:16:3e:11:11:11)", script);
        Assert.Contains($"kernel {service.BaseUrl}/boot-images/debian12/linux", script);
    }

    [Fact(Timeout = 30_000)]
    public async Task IpxeScript_ForAStranger_IsLocalBoot_AndABadMacIs400()
    {
        await using var service = await TestService.StartAsync();
        var script = await service.Client.GetStringAsync("ipxe/52:54:00:12:34:56", Ct);
        Assert.Contains("exit", script);
        Assert.DoesNotContain("kernel", script);
        Assert.Equal(HttpStatusCode.BadRequest, (await service.Client.GetAsync("ipxe/not-a-mac", Ct)).StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Stranger_UnderDefaultProfilePolicy_GetsThatProfilesScriptAndAnswerFile()
    {
        await using var service = await TestService.StartAsync(settings:
            [("Dhcp:Boot:UnknownMacs", "DefaultProfile"), ("Dhcp:Boot:DefaultProfile", "debian12-xen")]);
        await service.SeedAsync(Ct);
        var script = await service.Client.GetStringAsync("ipxe/52:54:00:12:34:56", Ct);
        Assert.Contains($"kernel {service.BaseUrl}/boot-images/debian12/linux", script);
        Assert.Contains($"url={service.BaseUrl}/answers/52-54-00-12-34-56", script);
        using var answer = await service.Client.GetAsync("answers/52-54-00-12-34-56", Ct);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Kernel_ServesByteRanges()
    {
        await using var service = await TestService.StartAsync();
        await service.SeedAsync(Ct);
        var whole = await File.ReadAllBytesAsync(Path.Combine(service.BootImages, "debian12", "linux"), Ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, "boot-images/debian12/linux");
        request.Headers.Range = new RangeHeaderValue(1000, 1999);
        using var response = await service.Client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal($"bytes 1000-1999/{whole.Length}", response.Content.Headers.ContentRange?.ToString());
        Assert.Equal(whole[1000..2000], await response.Content.ReadAsByteArrayAsync(Ct));
        using var head = await service.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "boot-images/debian12/linux"), Ct);
        Assert.Equal(whole.Length, head.Content.Headers.ContentLength);
        Assert.Equal("bytes", head.Headers.AcceptRanges.Single());
    }

    [Fact(Timeout = 30_000)]
    public async Task KernelFetch_ByAKnownClient_IsABootEvent_OncePerTransfer_NotPerRangeOrHead()
    {
        await using var service = await TestService.StartAsync();
        await service.SeedAsync(Ct);
        // The client (127.0.0.1) is web01's fixed address, as a booting machine's lease would be.
        await service.Client.PutAsJsonAsync("api/v1/machines/web01", new { macs = new[] { "00:16:3e:11:11:11" }, profile = "debian12-xen", ip = "127.0.0.1" }, Ct);
        using (var head = await service.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "boot-images/debian12/initrd.gz"), Ct))
            Assert.Equal(HttpStatusCode.OK, head.StatusCode); // a size check, not a fetch
        await service.Client.GetByteArrayAsync("boot-images/debian12/initrd.gz", Ct);
        foreach (var (from, to) in new (long, long?)[] { (0, 999), (1000, 1999), (2000, null) }) // an installer's ranged reads: one transfer
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "boot-images/debian12/linux");
            request.Headers.Range = new RangeHeaderValue(from, to);
            using var response = await service.Client.SendAsync(request, Ct);
            Assert.True(response.IsSuccessStatusCode);
        }
        string[] details = [];
        for (var i = 0; i < 50 && details.Length < 2; i++)
        {
            await Task.Delay(100, Ct);
            var events = await service.Client.GetFromJsonAsync<JsonElement>("api/v1/events?mac=00:16:3e:11:11:11", Ct);
            details = events.EnumerateArray().Where(e => e.GetProperty("stage").GetString() == "http-file").Select(e => e.GetProperty("detail").GetString()!).ToArray();
        }
        await Task.Delay(200, Ct);
        var all = await service.Client.GetFromJsonAsync<JsonElement>("api/v1/events?mac=00:16:3e:11:11:11", Ct);
        Assert.Equal(["debian12/initrd.gz", "debian12/linux"], all.EnumerateArray().Where(e => e.GetProperty("stage").GetString() == "http-file").Select(e => e.GetProperty("detail").GetString()));
    }

    [Fact(Timeout = 30_000)]
    public async Task BootImages_IsAJail()
    {
        await using var service = await TestService.StartAsync();
        var secret = Path.Combine(service.Directory_, "secret");
        await File.WriteAllTextAsync(secret, "no", Ct);
        File.CreateSymbolicLink(Path.Combine(service.BootImages, "escape"), secret);
        Directory.CreateSymbolicLink(Path.Combine(service.BootImages, "up"), service.Directory_);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync("boot-images/escape", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync("boot-images/up/secret", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync("boot-images/%2e%2e/secret", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync("boot-images/..%5csecret", Ct)).StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task GeneratedPxelinuxConfig_IsServedUnderBootImages()
    {
        await using var service = await TestService.StartAsync();
        await service.SeedAsync(Ct);
        var config = await service.Client.GetStringAsync("boot-images/pxelinux.cfg/01-00-16-3e-11-11-11", Ct);
        Assert.Contains("KERNEL debian12/linux", config);
    }

    [Fact(Timeout = 30_000)]
    public async Task InstallFlow_AnswerThenCallback_NextBootIsLocal_AndEveryStageIsAnEvent()
    {
        await using var service = await TestService.StartAsync();
        await service.SeedAsync(Ct);
        await service.Client.GetStringAsync("ipxe/00:16:3e:11:11:11", Ct);
        var answer = await service.Client.GetStringAsync("answers/00-16-3e-11-11-11", Ct);
        Assert.Contains("d-i netcfg/get_hostname string web01", answer);
        Assert.Contains($"wget -q -O /dev/null {service.BaseUrl}/installed/00-16-3e-11-11-11", answer);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync("answers/52-54-00-99-99-99", Ct)).StatusCode);

        using var installed = await service.Client.PostAsync("installed/00-16-3e-11-11-11", null, Ct);
        Assert.Equal(HttpStatusCode.OK, installed.StatusCode);
        var machine = await service.Client.GetFromJsonAsync<JsonElement>("api/v1/machines/web01", Ct);
        Assert.False(machine.GetProperty("netboot").GetBoolean());
        var script = await service.Client.GetStringAsync("ipxe/00:16:3e:11:11:11", Ct);
        Assert.DoesNotContain("kernel", script);
        Assert.Contains("exit", script);

        string[] stages = [];
        for (var i = 0; i < 50 && !stages.Contains("localboot"); i++)
        {
            await Task.Delay(100, Ct);
            var events = await service.Client.GetFromJsonAsync<JsonElement>("api/v1/events?mac=00:16:3e:11:11:11", Ct);
            stages = events.EnumerateArray().Select(e => e.GetProperty("stage").GetString()!).ToArray();
        }
        Assert.Equal(["http-file", "answer-file", "installed", "http-file", "localboot"], stages);
    }

    [Fact(Timeout = 30_000)]
    public async Task InstalledCallback_OnlyTurnsNetbootOff_ForARegisteredMac_AndARepeatWritesNothing()
    {
        await using var service = await TestService.StartAsync();
        await service.SeedAsync(Ct);
        using var anonymous = new HttpClient { BaseAddress = service.Client.BaseAddress }; // an installer holds no token

        using var first = await anonymous.PostAsync("installed/00-16-3e-11-11-11", null, Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("netboot off", await first.Content.ReadAsStringAsync(Ct));
        using var again = await anonymous.GetAsync("installed/00:16:3e:11:11:11", Ct);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("already off", await again.Content.ReadAsStringAsync(Ct));

        // Unknown or malformed MACs change nothing and register nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.PostAsync("installed/52-54-00-99-99-99", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.PostAsync("installed/web01", null, Ct)).StatusCode);
        Assert.Equal("[]", await service.Client.GetStringAsync("api/v1/machines?mac=52-54-00-99-99-99", Ct));

        // Turning it back on takes the token; the next callback turns it off again.
        using var on = await service.Client.PutAsJsonAsync("api/v1/machines/web01/netboot", new { enabled = true }, Ct);
        Assert.True((await on.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("netboot").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsync("installed/00-16-3e-11-11-11", null, Ct)).StatusCode);
        Assert.False((await service.Client.GetFromJsonAsync<JsonElement>("api/v1/machines/web01", Ct)).GetProperty("netboot").GetBoolean());

        // One "installed" event per real change, none for the repeat.
        var installed = 0;
        for (var i = 0; i < 50 && installed < 2; i++)
        {
            await Task.Delay(100, Ct);
            var events = await service.Client.GetFromJsonAsync<JsonElement>("api/v1/events?mac=00:16:3e:11:11:11", Ct);
            installed = events.EnumerateArray().Count(e => e.GetProperty("stage").GetString() == "installed");
        }
        await Task.Delay(200, Ct);
        var all = await service.Client.GetFromJsonAsync<JsonElement>("api/v1/events?mac=00:16:3e:11:11:11", Ct);
        Assert.Equal(2, all.EnumerateArray().Count(e => e.GetProperty("stage").GetString() == "installed"));
    }

    [Fact(Timeout = 30_000)]
    public async Task BrokenTemplate_OverHttp_TellsTheClientAndTheLogWhichTemplateAndLine()
    {
        var menus = Directory.CreateTempSubdirectory("pxexen-menus-").FullName;
        foreach (var file in Directory.EnumerateFiles(TestService.RepoMenus, "*.scriban", SearchOption.AllDirectories))
        {
            var target = Path.Combine(menus, Path.GetRelativePath(TestService.RepoMenus, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        File.WriteAllText(Path.Combine(menus, "ipxe", "netboot.scriban"), "#!ipxe\necho {{ machine.name }}\nkernel {{ distro.kernal }}\n");
        File.WriteAllText(Path.Combine(menus, "answers", "preseed.scriban"), "#_preseed_V1\n{{ vars.suite }}\n");
        try
        {
            await using var service = await TestService.StartAsync(menus: menus);
            await service.SeedAsync(Ct);
            using var script = await service.Client.GetAsync("ipxe/00:16:3e:11:11:11", Ct);
            Assert.Equal(HttpStatusCode.InternalServerError, script.StatusCode);
            Assert.StartsWith("template ipxe/netboot.scriban line 3:", await script.Content.ReadAsStringAsync(Ct));
            using var answer = await service.Client.GetAsync("answers/00:16:3e:11:11:11", Ct);
            Assert.Equal(HttpStatusCode.InternalServerError, answer.StatusCode);
            Assert.Contains("answers/preseed.scriban line 2", await answer.Content.ReadAsStringAsync(Ct));

            var errors = service.Log.Entries.Where(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error).Select(e => e.Message).ToList();
            Assert.Contains(errors, m => m.Contains("/ipxe/00:16:3e:11:11:11") && m.Contains("00:16:3e:11:11:11") && m.Contains("ipxe/netboot.scriban line 3") && m.Contains("kernal"));
            Assert.Contains(errors, m => m.Contains("answers/preseed.scriban line 2") && m.Contains("suite"));
            // Nothing to serve is not an error: a stranger's answer file is a plain 404.
            Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync("answers/52-54-00-99-99-99", Ct)).StatusCode);
            Assert.Equal(2, service.Log.Entries.Count(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error));
        }
        finally
        {
            Directory.Delete(menus, recursive: true);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task CloudInitNoCloudFiles_AreServedBelowTheAnswerUrl()
    {
        await using var service = await TestService.StartAsync();
        await service.SeedAsync(Ct);
        await service.Client.PostAsJsonAsync("api/v1/distros", new { name = "ubuntu24", kernel = "u/vmlinuz", breed = "ubuntu" }, Ct);
        await service.Client.PostAsJsonAsync("api/v1/profiles", new { name = "ubuntu24", distro = "ubuntu24" }, Ct);
        await service.Client.PostAsJsonAsync("api/v1/machines", new { name = "desk07", macs = new[] { "52:54:00:07:07:07" }, profile = "ubuntu24" }, Ct);
        Assert.StartsWith("#cloud-config", await service.Client.GetStringAsync("answers/52-54-00-07-07-07/user-data", Ct));
        Assert.Contains("instance-id: pxexen-desk07", await service.Client.GetStringAsync("answers/52-54-00-07-07-07/meta-data", Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync("answers/52-54-00-07-07-07/passwd", Ct)).StatusCode);
    }
}
