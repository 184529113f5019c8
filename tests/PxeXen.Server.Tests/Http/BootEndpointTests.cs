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
