using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PxeXen.Server.Api;
using PxeXen.Server.Dhcp;
using PxeXen.Server.Http;
using PxeXen.Server.Settings;

namespace PxeXen.Server.Tests.Http;

/// <summary>
/// The service's HTTP side on the real Kestrel pipeline, on 127.0.0.1 and an ephemeral port,
/// registered with the same lines as Program.cs, over a fresh data directory and boot images.
/// </summary>
public sealed class TestService : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly WebApplication _app;

    private TestService(WebApplication app, string directory, HttpClient client, CapturedLog log)
    {
        _app = app;
        Directory_ = directory;
        Client = client;
        Log = log;
    }

    /// <summary>Warnings and errors the service logged.</summary>
    public CapturedLog Log { get; }

    public string Directory_ { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => _app.Services;
    public string BootImages => Path.Combine(Directory_, "boot-images");
    public string BaseUrl => Client.BaseAddress!.ToString().TrimEnd('/');

    public static async Task<TestService> StartAsync(string? token = "test-token", string? menus = null, params (string Key, string Value)[] settings)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("pxexen-http-").FullName;
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "boot-images"));
        var values = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Service:DataDirectory"] = Path.Combine(directory, "data"),
            ["Service:BootImages"] = Path.Combine(directory, "boot-images"),
            ["Service:Menus"] = menus ?? RepoMenus,
        };
        if (token is not null)
            values["Api:Token"] = token;
        foreach (var (key, value) in settings)
            values[key] = value;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = directory, EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(values);
        var log = new CapturedLog();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning).AddProvider(log);
        // The same registration lines as Program.cs.
        builder.Services.AddPxeXenSettings<ServiceSettings>(builder.Configuration, ServiceSettings.Section);
        builder.Services.AddPxeXenInventory(builder.Configuration);
        builder.Services.AddPxeXenDhcp(builder.Configuration); // Off: only its lease store and Dhcp:Boot policy
        var app = builder.Build();
        app.MapPxeXenApi();
        app.MapPxeXenHttp();
        app.MapPxeXenDhcpApi();
        await app.StartAsync();
        var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(20) };
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new TestService(app, directory, client, log);
    }

    public static string RepoMenus
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "PxeXen.sln")))
                    return Path.Combine(dir.FullName, "menus");
            throw new InvalidOperationException("PxeXen.sln not found");
        }
    }

    /// <summary>A Debian distro (kernel file written), a profile and web01 with a fixed IP.</summary>
    public async Task SeedAsync(CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Path.Combine(BootImages, "debian12"));
        await File.WriteAllBytesAsync(Path.Combine(BootImages, "debian12", "linux"), Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7)).ToArray(), ct);
        await File.WriteAllTextAsync(Path.Combine(BootImages, "debian12", "initrd.gz"), "initrd", ct);
        await MustAsync(Client.PostAsJsonAsync("api/v1/distros", new { name = "debian12", kernel = "debian12/linux", initrds = new[] { "debian12/initrd.gz" }, breed = "debian" }, ct));
        await MustAsync(Client.PostAsJsonAsync("api/v1/profiles", new { name = "debian12-xen", distro = "debian12", kernelArgs = "console=hvc0" }, ct));
        await MustAsync(Client.PostAsJsonAsync("api/v1/machines", new { name = "web01", macs = new[] { "00:16:3e:11:11:11" }, profile = "debian12-xen", ip = "10.0.0.5" }, ct));
    }

    private static async Task MustAsync(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory_, recursive: true); }
        catch (IOException) { /* the OS cleans /tmp */ }
    }
}
