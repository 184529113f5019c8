using Microsoft.Extensions.DependencyInjection;
using PxeXen.Inventory.Distros;
using PxeXen.Inventory.Machines;
using PxeXen.Inventory.Profiles;
using PxeXen.Inventory.Store;
using PxeXen.Inventory.Store.Sql;
using PxeXen.Server.Dhcp;

namespace PxeXen.Server.Tests.Dhcp;

/// <summary>DHCP's view of the inventory: a dictionary lookup per packet, rebuilt when this server's inventory changes.</summary>
public sealed class MachineSnapshotTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pxexen-snapshot-").FullName;
    private readonly SqlInventoryStore _store;
    private readonly ServiceProvider _services;

    public MachineSnapshotTests()
    {
        _store = new SqlInventoryStore(new SqliteDialect(Path.Combine(_directory, "pxexen.db")));
        _services = new ServiceCollection().AddSingleton<IInventoryStore>(_store).BuildServiceProvider();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task SeedAsync()
    {
        Assert.True((await _store.CreateDistroAsync(new Distro { Name = "debian12", Kernel = "d/linux", Initrds = [], Breed = DistroBreed.Debian }, Ct)).Succeeded);
        Assert.True((await _store.CreateProfileAsync(new Profile { Name = "base", Distro = "debian12" }, Ct)).Succeeded);
    }

    [Fact(Timeout = 30_000)]
    public async Task MachineRegisteredAfterTheSnapshot_IsFoundByTheNextPacket()
    {
        await SeedAsync();
        using var snapshot = new MachineSnapshot(_services, new StoreMachineDirectory(_store));
        Assert.NotNull(await snapshot.RefreshAsync(Ct));
        Assert.Null(await snapshot.FindByMacAsync("00:16:3e:00:00:01", Ct));

        Assert.True((await _store.CreateMachineAsync(new Machine { Name = "web01", Macs = ["00:16:3e:00:00:01"], Profile = "base" }, Ct)).Succeeded);
        Assert.Equal("web01", (await snapshot.FindByMacAsync("00:16:3e:00:00:01", Ct))?.Name);

        // Netboot switched off (the install-complete callback) is seen at once too: the next DHCP answer boots locally.
        Assert.True((await _store.SetNetbootAsync("web01", false, Ct)).Succeeded);
        Assert.False((await snapshot.FindByMacAsync("00:16:3e:00:00:01", Ct))!.Netboot);

        Assert.True((await _store.DeleteMachineAsync("web01", Ct)).Succeeded);
        Assert.Null(await snapshot.FindByMacAsync("00:16:3e:00:00:01", Ct));
    }

    [Fact(Timeout = 30_000)]
    public async Task UnknownMacs_CostNoQuery_WhileTheInventoryIsUnchanged()
    {
        await SeedAsync();
        var counted = CountingStore.Wrap(_store);
        using var services = new ServiceCollection().AddSingleton(counted.Store).BuildServiceProvider();
        using var snapshot = new MachineSnapshot(services, new StoreMachineDirectory(counted.Store));
        await snapshot.RefreshAsync(Ct);
        counted.Calls.Clear();
        for (var i = 0; i < 1000; i++)
            Assert.Null(await snapshot.FindByMacAsync($"02:00:00:00:{i / 256:x2}:{i % 256:x2}", Ct));
        Assert.DoesNotContain(counted.Calls, call => call.EndsWith("Async", StringComparison.Ordinal));
    }

    /// <summary>The real store behind a proxy that records every method called on it.</summary>
    public class CountingStore : System.Reflection.DispatchProxy
    {
        private IInventoryStore _inner = null!;
        public List<string> Calls { get; private set; } = [];
        public IInventoryStore Store => (IInventoryStore)(object)this;

        public static CountingStore Wrap(IInventoryStore inner)
        {
            var proxy = (CountingStore)(object)Create<IInventoryStore, CountingStore>();
            proxy._inner = inner;
            return proxy;
        }

        protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args)
        {
            Calls.Add(targetMethod!.Name);
            return targetMethod.Invoke(_inner, args);
        }
    }

    public void Dispose()
    {
        _services.Dispose();
        _store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
