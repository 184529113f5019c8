using System.Net;
using PxeXen.Inventory.Distros;
using PxeXen.Inventory.Events;
using PxeXen.Inventory.Machines;
using PxeXen.Inventory.Profiles;
using PxeXen.Inventory.Store;

namespace PxeXen.Inventory.Tests.Store;

/// <summary>The same store behaviour on SQLite and PostgreSQL.</summary>
public abstract class InventoryStoreContract
{
    protected abstract Task<IInventoryStore> CreateStoreAsync();

    /// <summary>A second store object on the same database (a restart, or a second server).</summary>
    protected abstract Task<IInventoryStore> ReopenAsync();

    /// <summary>Runs statements on the test database directly, before or after a store opens it.</summary>
    protected abstract Task ExecuteRawAsync(IEnumerable<string> statements);

    /// <summary>The first column of the first row of <paramref name="sql"/> on the test database.</summary>
    protected abstract Task<object?> ScalarRawAsync(string sql);

    /// <summary>The dialect's auto-increment key column, as the migrations' <c>{id}</c> needs it.</summary>
    protected abstract string IdentityColumn { get; }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected static Distro Debian => new() { Name = "debian12", Kernel = "debian12/linux", Initrds = ["debian12/initrd.gz"], Breed = DistroBreed.Debian };
    protected static Profile Base => new() { Name = "base", Distro = "debian12", KernelArgs = "console=tty0 quiet", Xen = new XenDomainSettings { MemoryMiB = 1024, Bridge = "xenbr0" } };
    protected static Machine Web01 => new() { Name = "web01", Macs = ["00:16:3e:11:11:11"], Profile = "base", Ip = IPAddress.Parse("10.0.0.5") };

    private async Task<IInventoryStore> SeededAsync()
    {
        var store = await CreateStoreAsync();
        Assert.True((await store.CreateDistroAsync(Debian, Ct)).Succeeded);
        Assert.True((await store.CreateProfileAsync(Base, Ct)).Succeeded);
        return store;
    }

    [Fact(Timeout = 30_000)]
    public async Task Distro_RoundTripsWithInitrdsAndXenCapability()
    {
        var store = await CreateStoreAsync();
        var checkedAt = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        var distro = Debian with { Initrds = ["a/initrd", "a/firmware.cpio"], Xen = new XenCapability(true, false, checkedAt, "bzImage(xz)", null) };
        Assert.True((await store.CreateDistroAsync(distro, Ct)).Succeeded);
        var read = await store.GetDistroAsync("debian12", Ct);
        Assert.NotNull(read);
        Assert.Equal(distro.Initrds, read.Initrds);
        Assert.Equal(distro.Xen, read.Xen);
        Assert.Equal(StoreStatus.Conflict, (await store.CreateDistroAsync(distro, Ct)).Status);
    }

    [Fact(Timeout = 30_000)]
    public async Task Profile_WithUnknownParentOrDistro_IsRefusedAndNothingWritten()
    {
        var store = await SeededAsync();
        var badParent = await store.CreateProfileAsync(new Profile { Name = "child", Parent = "nope" }, Ct);
        Assert.Equal(StoreStatus.Invalid, badParent.Status);
        Assert.Equal("parent", badParent.Field);
        var badDistro = await store.CreateProfileAsync(new Profile { Name = "child", Distro = "nope" }, Ct);
        Assert.Equal("distro", badDistro.Field);
        Assert.Null(await store.GetProfileAsync("child", Ct));
    }

    [Fact(Timeout = 30_000)]
    public async Task ProfileChain_ChildInheritsAndOverrides()
    {
        var store = await SeededAsync();
        var child = new Profile
        {
            Name = "web", Parent = "base", KernelArgs = "console=hvc0 ~quiet",
            Xen = new XenDomainSettings { Vcpus = 4 }, Variables = new Dictionary<string, string> { ["suite"] = "bookworm" },
        };
        Assert.True((await store.CreateProfileAsync(child, Ct)).Succeeded);
        var chain = await store.GetProfileChainAsync("web", Ct);
        Assert.Equal(["base", "web"], chain.Select(p => p.Name));
        var resolved = ProfileChain.Resolve(chain, out var error);
        Assert.NotNull(resolved);
        Assert.Equal("debian12", resolved.Distro);
        Assert.Equal("console=hvc0", resolved.KernelArgs);
        Assert.Equal(1024, resolved.Xen.MemoryMiB);
        Assert.Equal(4, resolved.Xen.Vcpus);
        Assert.Equal("xenbr0", resolved.Xen.Bridge);
        Assert.Equal("bookworm", resolved.Variables["suite"]);
    }

    [Fact(Timeout = 30_000)]
    public async Task ProfileParentLoop_IsRefused()
    {
        var store = await SeededAsync();
        Assert.True((await store.CreateProfileAsync(new Profile { Name = "a", Parent = "base" }, Ct)).Succeeded);
        Assert.True((await store.CreateProfileAsync(new Profile { Name = "b", Parent = "a" }, Ct)).Succeeded);
        var loop = await store.ReplaceProfileAsync(new Profile { Name = "a", Parent = "b", Distro = "debian12" }, Ct);
        Assert.Equal(StoreStatus.Invalid, loop.Status);
        Assert.Equal("parent", loop.Field);
        Assert.Equal("base", (await store.GetProfileAsync("a", Ct))!.Parent);
    }

    [Fact(Timeout = 30_000)]
    public async Task DeletingUsedRecords_IsAConflict()
    {
        var store = await SeededAsync();
        Assert.True((await store.CreateMachineAsync(Web01, Ct)).Succeeded);
        Assert.Equal(StoreStatus.Conflict, (await store.DeleteDistroAsync("debian12", Ct)).Status);
        Assert.Equal(StoreStatus.Conflict, (await store.DeleteProfileAsync("base", Ct)).Status);
        Assert.True((await store.DeleteMachineAsync("web01", Ct)).Succeeded);
        Assert.True((await store.DeleteProfileAsync("base", Ct)).Succeeded);
        Assert.True((await store.DeleteDistroAsync("debian12", Ct)).Succeeded);
        Assert.Equal(StoreStatus.NotFound, (await store.DeleteDistroAsync("debian12", Ct)).Status);
    }

    [Fact(Timeout = 30_000)]
    public async Task Machine_FoundByEveryMacAndByFixedIp()
    {
        var store = await SeededAsync();
        var machine = Web01 with { Macs = ["00:16:3e:11:11:11", "00:16:3e:11:11:12"], Uuid = Guid.NewGuid(), Variables = new Dictionary<string, string> { ["role"] = "web" } };
        Assert.True((await store.CreateMachineAsync(machine, Ct)).Succeeded);
        var bySecondMac = await store.FindMachineByMacAsync("00:16:3e:11:11:12", Ct);
        Assert.NotNull(bySecondMac);
        Assert.Equal(machine.Macs, bySecondMac.Macs);
        Assert.Equal(machine.Uuid, bySecondMac.Uuid);
        Assert.Equal("web", bySecondMac.Variables["role"]);
        Assert.Equal("web01", (await store.FindMachineByIpAsync(IPAddress.Parse("10.0.0.5"), Ct))?.Name);
        Assert.Null(await store.FindMachineByMacAsync("00:16:3e:99:99:99", Ct));
        Assert.Equal("web01", (await new StoreMachineDirectory(store).FindByMacAsync("00:16:3e:11:11:11", Ct))?.Name);
    }

    [Fact(Timeout = 30_000)]
    public async Task DuplicateMac_IsAConflictNamingTheField_AndNothingIsWritten()
    {
        var store = await SeededAsync();
        Assert.True((await store.CreateMachineAsync(Web01, Ct)).Succeeded);
        var second = new Machine { Name = "web02", Macs = ["00:16:3e:22:22:22", "00:16:3e:11:11:11"], Profile = "base" };
        var result = await store.CreateMachineAsync(second, Ct);
        Assert.Equal(StoreStatus.Conflict, result.Status);
        Assert.Equal("macs[1]", result.Field);
        Assert.Null(await store.GetMachineAsync("web02", Ct));
        Assert.Null(await store.FindMachineByMacAsync("00:16:3e:22:22:22", Ct));
    }

    [Fact(Timeout = 30_000)]
    public async Task DuplicateFixedIp_IsAConflict()
    {
        var store = await SeededAsync();
        Assert.True((await store.CreateMachineAsync(Web01, Ct)).Succeeded);
        var result = await store.CreateMachineAsync(Web01 with { Name = "web02", Macs = ["00:16:3e:22:22:22"] }, Ct);
        Assert.Equal(StoreStatus.Conflict, result.Status);
        Assert.Equal("ip", result.Field);
    }

    [Fact(Timeout = 30_000)]
    public async Task ReplaceMachine_MovesMacsAndKeepsOthers()
    {
        var store = await SeededAsync();
        Assert.True((await store.CreateMachineAsync(Web01, Ct)).Succeeded);
        var replaced = Web01 with { Macs = ["00:16:3e:33:33:33"], Ip = null, Hostname = "www" };
        Assert.True((await store.ReplaceMachineAsync(replaced, Ct)).Succeeded);
        Assert.Null(await store.FindMachineByMacAsync("00:16:3e:11:11:11", Ct));
        var read = await store.FindMachineByMacAsync("00:16:3e:33:33:33", Ct);
        Assert.Equal("www", read?.Hostname);
        Assert.Null(read?.Ip);
        Assert.Equal(StoreStatus.NotFound, (await store.ReplaceMachineAsync(replaced with { Name = "ghost" }, Ct)).Status);
    }

    [Fact(Timeout = 30_000)]
    public async Task Netboot_TurnsOffAndOn()
    {
        var store = await SeededAsync();
        Assert.True((await store.CreateMachineAsync(Web01, Ct)).Succeeded);
        Assert.True((await store.SetNetbootAsync("web01", false, Ct)).Succeeded);
        Assert.False((await store.GetMachineAsync("web01", Ct))!.Netboot);
        Assert.True((await store.SetNetbootAsync("web01", true, Ct)).Succeeded);
        Assert.True((await store.GetMachineAsync("web01", Ct))!.Netboot);
        Assert.Equal(StoreStatus.NotFound, (await store.SetNetbootAsync("ghost", true, Ct)).Status);
    }

    [Fact(Timeout = 30_000)]
    public async Task ListMachines_FiltersByProfileAndMac()
    {
        var store = await SeededAsync();
        Assert.True((await store.CreateProfileAsync(new Profile { Name = "other", Distro = "debian12" }, Ct)).Succeeded);
        Assert.True((await store.CreateMachineAsync(Web01, Ct)).Succeeded);
        Assert.True((await store.CreateMachineAsync(new Machine { Name = "db01", Macs = ["00:16:3e:44:44:44", "00:16:3e:44:44:45"], Profile = "other" }, Ct)).Succeeded);
        Assert.Equal(["db01", "web01"], (await store.ListMachinesAsync(new MachineQuery(), Ct)).Select(m => m.Name));
        var other = Assert.Single(await store.ListMachinesAsync(new MachineQuery(Profile: "other"), Ct));
        Assert.Equal(["00:16:3e:44:44:44", "00:16:3e:44:44:45"], other.Macs);
        Assert.Equal("db01", Assert.Single(await store.ListMachinesAsync(new MachineQuery(Mac: "00:16:3e:44:44:45"), Ct)).Name);
    }

    [Fact(Timeout = 30_000)]
    public async Task Events_AreNumberedFilteredAndFeedTheSeenList()
    {
        var store = await SeededAsync();
        Assert.True((await store.CreateMachineAsync(Web01, Ct)).Succeeded);
        var t0 = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        var stored = await store.AppendEventsAsync(
        [
            new BootEvent(0, "00:16:3e:11:11:11", t0, BootStage.DhcpDiscover, "arch=0 userClass=XenPV"),
            new BootEvent(0, "52:54:00:aa:bb:cc", t0.AddSeconds(1), BootStage.DhcpDiscover, "arch=7 userClass=iPXE vendorClass=PXEClient:Arch:00007:UNDI:003016"),
            new BootEvent(0, "52:54:00:aa:bb:cc", t0.AddSeconds(2), BootStage.TftpFile, "pxelinux.cfg/default"),
        ], Ct);
        Assert.Equal(3, stored.Count);
        Assert.True(stored[0].Id > 0 && stored[1].Id > stored[0].Id && stored[2].Id > stored[1].Id);

        Assert.Equal(2, (await store.ListEventsAsync(new EventQuery(Mac: "52:54:00:aa:bb:cc"), Ct)).Count);
        Assert.Single(await store.ListEventsAsync(new EventQuery(Since: t0.AddSeconds(2)), Ct));
        Assert.Equal(stored[2].Id, Assert.Single(await store.ListEventsAsync(new EventQuery(AfterId: stored[1].Id), Ct)).Id);
        Assert.Equal(stored[0].Id, Assert.Single(await store.ListEventsAsync(new EventQuery(Limit: 1), Ct)).Id);
        // The newest two, in order; with a filter, the newest of those that match.
        Assert.Equal([stored[1].Id, stored[2].Id], (await store.ListEventsAsync(new EventQuery(Limit: 2, Newest: true), Ct)).Select(e => e.Id));
        Assert.Equal(stored[0].Id, Assert.Single(await store.ListEventsAsync(new EventQuery(Mac: "00:16:3e:11:11:11", Limit: 1, Newest: true), Ct)).Id);

        var seen = Assert.Single(await store.ListSeenAsync(Ct));
        Assert.Equal("52:54:00:aa:bb:cc", seen.Mac);
        Assert.Equal("7", seen.Arch);
        Assert.Equal("iPXE", seen.UserClass);
        Assert.Equal("PXEClient:Arch:00007:UNDI:003016", seen.VendorClass);
        Assert.Equal(t0.AddSeconds(1), seen.FirstSeen);
        Assert.Equal(t0.AddSeconds(2), seen.LastSeen);

        // Registering it takes it off the list.
        Assert.True((await store.CreateMachineAsync(new Machine { Name = "new", Macs = ["52:54:00:aa:bb:cc"], Profile = "base" }, Ct)).Succeeded);
        Assert.Empty(await store.ListSeenAsync(Ct));
    }

    [Fact(Timeout = 60_000)]
    public async Task PruneEvents_DeletesOnlyOlderOnes_InBatches_AndForgetsStaleSeenMacs()
    {
        var store = await SeededAsync();
        var now = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        // More than one batch of old events, so the loop that deletes in short transactions is walked.
        var old = Enumerable.Range(0, PxeXen.Inventory.Store.Sql.SqlInventoryStore.PruneBatch + 7)
            .Select(i => new BootEvent(0, "52:54:00:00:00:01", now.AddDays(-40).AddSeconds(i), BootStage.TftpFile, null))
            .Append(new BootEvent(0, "52:54:00:00:00:02", now.AddDays(-31), BootStage.DhcpDiscover, "arch=0"))
            .ToList();
        await store.AppendEventsAsync(old, Ct);
        var kept = await store.AppendEventsAsync(
        [
            new BootEvent(0, "52:54:00:00:00:01", now.AddDays(-29), BootStage.DhcpDiscover, "arch=7"),
            new BootEvent(0, "52:54:00:00:00:03", now, BootStage.DhcpDiscover, null),
        ], Ct);

        Assert.Equal(old.Count, await store.PruneEventsAsync(now.AddDays(-30), Ct));
        Assert.Equal(kept.Select(e => e.Id), (await store.ListEventsAsync(new EventQuery(Limit: 100_000), Ct)).Select(e => e.Id));
        // Seen MACs: the one last seen 31 days ago is forgotten; one seen since is kept with its first sighting.
        var seen = await store.ListSeenAsync(Ct);
        Assert.Equal(["52:54:00:00:00:03", "52:54:00:00:00:01"], seen.Select(s => s.Mac));
        Assert.Equal(now.AddDays(-40), seen[1].FirstSeen);
        Assert.Equal(0, await store.PruneEventsAsync(now.AddDays(-30), Ct));
    }

    [Fact(Timeout = 30_000)]
    public async Task Version1Database_IsUpgradedToTheLatest_KeepingItsData()
    {
        // A database as the first release left it: its schema, its version row, some rows.
        var statements = new List<string> { PxeXen.Inventory.Store.Sql.SchemaMigrations.VersionTable };
        statements.AddRange(PxeXen.Inventory.Store.Sql.SchemaMigrations.Versions[0].Select(sql => sql.Replace("{id}", IdentityColumn)));
        statements.Add("INSERT INTO schema_versions (component, version) VALUES ('inventory', 1)");
        statements.Add("INSERT INTO distros (name, kernel, initrds, arch, breed, kernel_args, xen) VALUES ('old', 'old/linux', '[\"old/initrd\"]', 'x86_64', 'debian', '', NULL)");
        statements.Add("INSERT INTO seen_macs (mac, first_seen_ms, last_seen_ms) VALUES ('', 1, 5)");
        statements.Add("INSERT INTO seen_macs (mac, first_seen_ms, last_seen_ms, arch) VALUES ('52:54:00:00:00:09', 1, 2, '7')");
        await ExecuteRawAsync(statements);

        var store = await CreateStoreAsync();
        Assert.Equal(PxeXen.Inventory.Store.Sql.SchemaMigrations.Latest, Convert.ToInt32(await ScalarRawAsync("SELECT version FROM schema_versions WHERE component = 'inventory'")));
        Assert.True(PxeXen.Inventory.Store.Sql.SchemaMigrations.Latest >= 2);
        var old = await store.GetDistroAsync("old", Ct);
        Assert.Equal(["old/initrd"], old?.Initrds);
        // Version 2 forgets the "" MAC version 1 put on the seen list, and keeps the real one.
        Assert.Equal(["52:54:00:00:00:09"], (await store.ListSeenAsync(Ct)).Select(s => s.Mac));
        Assert.True((await store.CreateProfileAsync(new Profile { Name = "p", Distro = "old" }, Ct)).Succeeded);
    }

    [Fact(Timeout = 30_000)]
    public async Task EventWithoutAMac_IsKept_ButNeverSeen()
    {
        var store = await SeededAsync();
        var t0 = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        // The TFTP server records a plain file's transfer with "" when it does not know the MAC.
        await store.AppendEventsAsync([new BootEvent(0, "", t0, BootStage.TftpFile, "path=debian12/linux client=10.0.0.9")], Ct);
        Assert.Single(await store.ListEventsAsync(new EventQuery(), Ct));
        Assert.Empty(await store.ListSeenAsync(Ct));
    }

    [Fact(Timeout = 30_000)]
    public async Task Reopening_KeepsDataAndSchemaVersion()
    {
        var store = await SeededAsync();
        Assert.True((await store.CreateMachineAsync(Web01, Ct)).Succeeded);
        var again = await ReopenAsync();
        await again.InitializeAsync(Ct);
        Assert.Equal("web01", (await again.FindMachineByMacAsync("00:16:3e:11:11:11", Ct))?.Name);
    }
}
