using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PxeXen.Boot.Files;
using PxeXen.Boot.Rendering;
using PxeXen.Boot.Templates;
using PxeXen.Inventory.Distros;
using PxeXen.Inventory.Events;
using PxeXen.Inventory.Machines;
using PxeXen.Inventory.Profiles;
using PxeXen.Inventory.Store.Sql;
using PxeXen.Server.Api;
using PxeXen.Server.Http;
using PxeXen.Server.Settings;

// bench/render: per-MAC PXELINUX config and answer file renders per second (the whole path: MAC
// lookup, profile chain, distro, template), and REST API machine lookups per second with 100,000
// machines registered. Usage: dotnet run -c Release --project bench/render [seconds] [machines]
var seconds = args.Length > 0 ? int.Parse(args[0]) : 5;
var apiMachines = args.Length > 1 ? int.Parse(args[1]) : 100_000;
var workers = Environment.ProcessorCount;
var root = Directory.CreateTempSubdirectory("pxexen-bench-render-").FullName;
var menus = FindMenus();
Console.WriteLine($"bench/render: {workers} workers, {seconds} s per run, menus {menus}");
try
{
    // 1. Renders, in process, 1,000 machines (a boot storm's worth), round-robin.
    var dbPath = Path.Combine(root, "render.db");
    var store = new SqlInventoryStore(new SqliteDialect(dbPath));
    await store.InitializeAsync(default);
    await store.CreateDistroAsync(new Distro { Name = "debian12", Kernel = "debian12/linux", Initrds = ["debian12/initrd.gz"], Breed = DistroBreed.Debian }, default);
    await store.CreateProfileAsync(new Profile { Name = "base", Distro = "debian12", KernelArgs = "quiet" }, default);
    await store.CreateProfileAsync(new Profile { Name = "web", Parent = "base", KernelArgs = "console=hvc0" }, default);
    var macs = new string[1000];
    for (var i = 0; i < macs.Length; i++)
    {
        macs[i] = $"00:16:3e:00:{i >> 8:x2}:{i & 0xff:x2}";
        await store.CreateMachineAsync(new Machine { Name = $"web{i:0000}", Macs = [macs[i]], Profile = "web", Ip = IPAddress.Parse($"10.1.{i >> 8}.{i & 0xff}") }, default);
    }
    var options = new BootRenderOptions { MenusDirectory = menus, BootImagesDirectory = root, HttpBaseUrl = "http://10.0.0.1:5000" };
    var renderer = new MachineRenderer(store, new NoLeaseAddresses(), new TemplateLibrary(menus), new ServerAddresses(options));
    var files = new GeneratedBootFiles(store, new NoLeaseAddresses(), renderer, new NullSink(), options, NullLogger<GeneratedBootFiles>.Instance);
    var client = IPAddress.Parse("10.0.0.99");

    if (Environment.GetEnvironmentVariable("BENCH_BREAKDOWN") == "1")
    {
        var m0 = (await store.FindMachineByMacAsync(macs[0], default))!;
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < 500; i++) await store.FindMachineByMacAsync(macs[i], default);
        Console.WriteLine($"FindMachineByMac: {sw.Elapsed.TotalMicroseconds / 500:F0} us");
        sw.Restart();
        for (var i = 0; i < 500; i++) await store.GetProfileChainAsync("web", default);
        Console.WriteLine($"GetProfileChain: {sw.Elapsed.TotalMicroseconds / 500:F0} us");
        sw.Restart();
        for (var i = 0; i < 500; i++) await store.GetDistroAsync("debian12", default);
        Console.WriteLine($"GetDistro: {sw.Elapsed.TotalMicroseconds / 500:F0} us");
        var chain = await store.GetProfileChainAsync("web", default);
        var resolved = ProfileChain.Resolve(chain, out _)!;
        var distro = (await store.GetDistroAsync("debian12", default))!;
        sw.Restart();
        for (var i = 0; i < 500; i++) RenderContextBuilder.Build(new RenderSubject(m0, macs[0], resolved, distro, null, client, "http://x"));
        Console.WriteLine($"Build context: {sw.Elapsed.TotalMicroseconds / 500:F0} us");
        var lib = new TemplateLibrary(menus);
        sw.Restart();
        for (var i = 0; i < 500; i++) lib.Render("pxelinux", "netboot", RenderContextBuilder.Build(new RenderSubject(m0, macs[0], resolved, distro, null, client, "http://x")));
        Console.WriteLine($"Build + render: {sw.Elapsed.TotalMicroseconds / 500:F0} us");
    }
    var pxelinux = await RunAsync("pxelinux.cfg/01-<mac> via IGeneratedFileSource", seconds, workers, async n =>
    {
        var file = await files.TryGetAsync(new BootFileRequest($"pxelinux.cfg/01-{macs[n % macs.Length].Replace(':', '-')}", client, "tftp"), default);
        if (file is null || file.Content.Length < 100)
            throw new InvalidOperationException("no config rendered");
    });
    var machines = new Machine[macs.Length];
    for (var i = 0; i < macs.Length; i++)
        machines[i] = (await store.FindMachineByMacAsync(macs[i], default))!;
    var answer = await RunAsync("preseed answer file via MachineRenderer", seconds, workers, async n =>
    {
        var outcome = await renderer.RenderAsync(machines[n % machines.Length], null, RenderKind.Answer, client, null, default);
        if (!outcome.Succeeded)
            throw new InvalidOperationException(outcome.Error);
    });
    store.Dispose();

    // 2. The REST API over Kestrel with 100,000 machines registered (bulk-loaded in one transaction).
    var data = Path.Combine(root, "data");
    Directory.CreateDirectory(data);
    var apiStore = new SqlInventoryStore(new SqliteDialect(Path.Combine(data, "pxexen.db")));
    await apiStore.InitializeAsync(default);
    await apiStore.CreateDistroAsync(new Distro { Name = "debian12", Kernel = "debian12/linux", Breed = DistroBreed.Debian }, default);
    await apiStore.CreateProfileAsync(new Profile { Name = "web", Distro = "debian12" }, default);
    apiStore.Dispose();
    var load = Stopwatch.StartNew();
    BulkLoad(Path.Combine(data, "pxexen.db"), apiMachines);
    Console.WriteLine($"loaded {apiMachines:N0} machines in {load.Elapsed.TotalSeconds:F1} s");

    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = root, EnvironmentName = "Production" });
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["urls"] = "http://127.0.0.1:0", ["Service:DataDirectory"] = data, ["Service:BootImages"] = root,
        ["Service:Menus"] = menus, ["Api:Token"] = "bench",
    });
    builder.Logging.ClearProviders();
    builder.Services.AddPxeXenSettings<ServiceSettings>(builder.Configuration, ServiceSettings.Section);
    builder.Services.AddPxeXenInventory(builder.Configuration);
    await using var app = builder.Build();
    app.MapPxeXenApi();
    await app.StartAsync();
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(app.Urls.First()) };
    var concurrency = 32;
    var byName = await RunAsync($"GET /api/v1/machines/{{name}} ({apiMachines:N0} machines, {concurrency} connections)", seconds, concurrency, async n =>
    {
        var i = (int)((uint)(n * 2654435761u) % (uint)apiMachines);
        using var response = await http.GetAsync($"api/v1/machines/m{i:000000}");
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"{response.StatusCode}");
        await response.Content.ReadAsByteArrayAsync();
    });
    var byMac = await RunAsync($"GET /api/v1/machines?mac= ({apiMachines:N0} machines, {concurrency} connections)", seconds, concurrency, async n =>
    {
        var i = (int)((uint)(n * 2654435761u) % (uint)apiMachines);
        using var response = await http.GetAsync($"api/v1/machines?mac={Mac(i)}");
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK || body.Length < 10)
            throw new InvalidOperationException($"{response.StatusCode} {body}");
    });
    await app.StopAsync();
    Console.WriteLine();
    Console.WriteLine($"RESULT pxelinux_renders_per_s={pxelinux:F0} answer_renders_per_s={answer:F0} api_get_by_name_per_s={byName:F0} api_get_by_mac_per_s={byMac:F0}");
}
finally
{
    SqliteConnection.ClearAllPools();
    Directory.Delete(root, recursive: true);
}

static string Mac(int i) => $"02:00:{i >> 24 & 0xff:x2}:{i >> 16 & 0xff:x2}:{i >> 8 & 0xff:x2}:{i & 0xff:x2}";

static void BulkLoad(string path, int count)
{
    using var connection = new SqliteConnection($"Data Source={path}");
    connection.Open();
    using var transaction = connection.BeginTransaction();
    using var machine = connection.CreateCommand();
    machine.Transaction = transaction;
    machine.CommandText = "INSERT INTO machines (name, profile, ip, hostname, gateway, netmask, uuid, netboot, variables) VALUES ($n, 'web', NULL, NULL, NULL, NULL, NULL, 1, '{}')";
    var name = machine.Parameters.Add("$n", SqliteType.Text);
    using var mac = connection.CreateCommand();
    mac.Transaction = transaction;
    mac.CommandText = "INSERT INTO machine_macs (mac, machine, position) VALUES ($m, $n, 0)";
    var macParameter = mac.Parameters.Add("$m", SqliteType.Text);
    var macName = mac.Parameters.Add("$n", SqliteType.Text);
    for (var i = 0; i < count; i++)
    {
        name.Value = macName.Value = $"m{i:000000}";
        macParameter.Value = Mac(i);
        machine.ExecuteNonQuery();
        mac.ExecuteNonQuery();
    }
    transaction.Commit();
}

static async Task<double> RunAsync(string what, int seconds, int workers, Func<int, Task> operation)
{
    for (var i = 0; i < 200; i++)
        await operation(i); // warm-up: JIT, template parse, connection pools
    long done = 0;
    var stop = Stopwatch.StartNew();
    var deadline = TimeSpan.FromSeconds(seconds);
    var tasks = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
    {
        var n = w * 1_000_003;
        while (stop.Elapsed < deadline)
        {
            await operation(n++);
            Interlocked.Increment(ref done);
        }
    }));
    await Task.WhenAll(tasks);
    var rate = done / stop.Elapsed.TotalSeconds;
    Console.WriteLine($"{what}: {done:N0} in {stop.Elapsed.TotalSeconds:F1} s = {rate:N0}/s");
    return rate;
}

static string FindMenus()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "PxeXen.sln")))
            return Path.Combine(dir.FullName, "menus");
    throw new InvalidOperationException("run from inside the repository");
}

internal sealed class NullSink : IBootEventSink
{
    public void Record(string mac, string stage, string? detail) { }
}
