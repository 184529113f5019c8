using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PxeXen.Server.Tests.Http;

namespace PxeXen.Server.Tests.Api;

/// <summary>/api/v1 CRUD through Kestrel: status codes, the field at fault, nothing half-written.</summary>
public sealed class MachineApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 30_000)]
    public async Task CreateThenRead_NormalisesNamesAndMacs()
    {
        await using var service = await TestService.StartAsync();
        await service.SeedAsync(Ct);
        using var created = await service.Client.PostAsJsonAsync("api/v1/machines",
            new { name = "DB01", macs = new[] { "52-54-00-AB-CD-EF", "525400abcdf0" }, profile = "debian12-xen", netmask = "255.255.255.0" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/v1/machines/db01", created.Headers.Location?.ToString());
        var machine = await service.Client.GetFromJsonAsync<JsonElement>("api/v1/machines/db01", Ct);
        Assert.Equal("db01", machine.GetProperty("name").GetString());
        Assert.Equal(["52:54:00:ab:cd:ef", "52:54:00:ab:cd:f0"], machine.GetProperty("macs").EnumerateArray().Select(m => m.GetString()));
        Assert.True(machine.GetProperty("netboot").GetBoolean());
        var byMac = await service.Client.GetFromJsonAsync<JsonElement>("api/v1/machines?mac=52:54:00:AB:CD:F0", Ct);
        Assert.Equal("db01", Assert.Single(byMac.EnumerateArray()).GetProperty("name").GetString());
        var byProfile = await service.Client.GetFromJsonAsync<JsonElement>("api/v1/machines?profile=debian12-xen", Ct);
        Assert.Equal(2, byProfile.GetArrayLength());
    }

    [Fact(Timeout = 30_000)]
    public async Task Mutations_WithoutOrWithWrongToken_Are401_ReadsAreOpen()
    {
        await using var service = await TestService.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = service.Client.BaseAddress };
        using var none = await anonymous.PostAsJsonAsync("api/v1/distros", new { name = "x", kernel = "x/linux" }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.ToString());
        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", "wrong");
        using var wrong = await anonymous.DeleteAsync("api/v1/distros/x", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("api/v1/distros", Ct)).StatusCode);
        Assert.Equal("[]", await service.Client.GetStringAsync("api/v1/distros", Ct));
    }

    [Fact(Timeout = 30_000)]
    public async Task NoTokenSetting_CreatesATokenFileOnlyTheOwnerCanRead()
    {
        await using var service = await TestService.StartAsync(token: null);
        var path = Path.Combine(service.Directory_, "data", "api-token");
        Assert.True(File.Exists(path));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var token = File.ReadAllText(path).Trim();
        Assert.True(token.Length >= 32);
        service.Client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        using var created = await service.Client.PostAsJsonAsync("api/v1/distros", new { name = "d", kernel = "d/linux" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("""{"name":"web02","macs":["00:16:3e:22:22:22","zz"],"profile":"debian12-xen"}""", "macs[1]")]
    [InlineData("""{"name":"web02","macs":["00:16:3e:22:22:22"],"profile":"debian12-xen","ip":"10.0.0.300"}""", "ip")]
    [InlineData("""{"name":"web 02","macs":["00:16:3e:22:22:22"],"profile":"debian12-xen"}""", "name")]
    [InlineData("""{"name":"web02","macs":[],"profile":"debian12-xen"}""", "macs")]
    [InlineData("""{"name":"web02","macs":["00:16:3e:22:22:22"],"profile":"nope"}""", "profile")]
    [InlineData("""{"name":"web02","macs":["00:16:3e:22:22:22"],"profil":"debian12-xen"}""", "profil")]
    [InlineData("""{"name":"web02","macs":["00:16:3e:22:22:22"],"profile":"debian12-xen","netboot":"yes"}""", "netboot")]
    [InlineData("""{"name":"web02","macs":["FF:FF:FF:FF:FF:FF"],"profile":"debian12-xen"}""", "macs[0]")]
    [InlineData("""{"name":"web02","macs":["00:16:3e:22:22:22","01:00:5e:00:00:fb"],"profile":"debian12-xen"}""", "macs[1]")]
    [InlineData("""{"name":"web02","macs":["000000000000"],"profile":"debian12-xen"}""", "macs[0]")]
    [InlineData("""{"name":"web02","macs":["00:16:3e:22:22:22"],"profile":"debian12-xen","uuid":"nope"}""", "uuid")]
    public async Task BadInput_Is400NamingTheField_AndNothingIsWritten(string body, string field)
    {
        await using var service = await TestService.StartAsync();
        await service.SeedAsync(Ct);
        using var response = await service.Client.PostAsync("api/v1/machines", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("error").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync("api/v1/machines/web02", Ct)).StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task WrongTypes_AreExplainedInTheApisWords_NotDotNetTypeNames()
    {
        await using var service = await TestService.StartAsync();
        await service.SeedAsync(Ct);
        async Task<string> ErrorAsync(string body)
        {
            using var response = await service.Client.PostAsync("api/v1/machines", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("error").GetString()!;
        }
        var uuid = await ErrorAsync("""{"name":"web02","macs":["00:16:3e:22:22:22"],"profile":"debian12-xen","uuid":"nope"}""");
        Assert.Contains("'uuid' must be a UUID", uuid);
        Assert.DoesNotContain("System.", uuid);
        Assert.Contains("'netboot' must be true or false", await ErrorAsync("""{"name":"web02","macs":["00:16:3e:22:22:22"],"profile":"debian12-xen","netboot":"yes"}"""));
        Assert.Contains("broadcast", await ErrorAsync("""{"name":"web02","macs":["ff:ff:ff:ff:ff:ff"],"profile":"debian12-xen"}"""));

        // A cut-off body is a syntax error at a place, not a field's fault.
        using var truncated = await service.Client.PostAsync("api/v1/machines", new StringContent("""{"name":"web02","macs":["00:16:3e:22:22:22"]""", System.Text.Encoding.UTF8, "application/json"), Ct);
        var error = await truncated.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.False(error.TryGetProperty("field", out var field) && field.ValueKind == JsonValueKind.String, error.ToString());
        Assert.StartsWith("invalid JSON at line 1, byte ", error.GetProperty("error").GetString());
    }

    [Fact(Timeout = 30_000)]
    public async Task DuplicateMac_Is409_UnknownName404_ProfileInUse409()
    {
        await using var service = await TestService.StartAsync();
        await service.SeedAsync(Ct);
        using var duplicate = await service.Client.PostAsJsonAsync("api/v1/machines",
            new { name = "web02", macs = new[] { "00:16:3e:22:22:22", "00-16-3E-11-11-11" }, profile = "debian12-xen" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        var error = await duplicate.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("macs[1]", error.GetProperty("field").GetString());
        Assert.Contains("web01", error.GetProperty("error").GetString());
        Assert.Equal("[]", await service.Client.GetStringAsync("api/v1/machines?mac=00:16:3e:22:22:22", Ct));

        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync("api/v1/machines/ghost", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.DeleteAsync("api/v1/machines/ghost", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await service.Client.DeleteAsync("api/v1/profiles/debian12-xen", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await service.Client.DeleteAsync("api/v1/distros/debian12", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await service.Client.DeleteAsync("api/v1/machines/web01", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await service.Client.DeleteAsync("api/v1/profiles/debian12-xen", Ct)).StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Put_ReplacesAndRefusesRenames_NetbootToggles()
    {
        await using var service = await TestService.StartAsync();
        await service.SeedAsync(Ct);
        using var renamed = await service.Client.PutAsJsonAsync("api/v1/machines/web01", new { name = "web09", macs = new[] { "00:16:3e:11:11:11" }, profile = "debian12-xen" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, renamed.StatusCode);
        using var replaced = await service.Client.PutAsJsonAsync("api/v1/machines/web01", new { macs = new[] { "00:16:3e:11:11:12" }, profile = "debian12-xen", hostname = "www" }, Ct);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var machine = await service.Client.GetFromJsonAsync<JsonElement>("api/v1/machines/web01", Ct);
        Assert.Equal("www", machine.GetProperty("hostname").GetString());
        Assert.Equal(JsonValueKind.Null, machine.GetProperty("ip").ValueKind);

        using var off = await service.Client.PutAsJsonAsync("api/v1/machines/web01/netboot", new { enabled = false }, Ct);
        Assert.False((await off.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("netboot").GetBoolean());
        using var missing = await service.Client.PutAsJsonAsync("api/v1/machines/web01/netboot", new { }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Profiles_InheritFromTheirParent()
    {
        await using var service = await TestService.StartAsync();
        await service.SeedAsync(Ct);
        using var child = await service.Client.PostAsJsonAsync("api/v1/profiles",
            new { name = "web", parent = "debian12-xen", kernelArgs = "quiet", variables = new { role = "web" } }, Ct);
        Assert.Equal(HttpStatusCode.Created, child.StatusCode);
        using var loop = await service.Client.PutAsJsonAsync("api/v1/profiles/debian12-xen", new { parent = "web", distro = "debian12" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, loop.StatusCode);
        Assert.Equal("parent", (await loop.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("field").GetString());
        await service.Client.PutAsJsonAsync("api/v1/machines/web01", new { macs = new[] { "00:16:3e:11:11:11" }, profile = "web" }, Ct);
        var menu = await service.Client.GetStringAsync("api/v1/machines/web01/render/pxelinux", Ct);
        Assert.Contains("console=hvc0 quiet", menu);
    }
}
