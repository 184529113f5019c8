using System.Net;
using PxeXen.Inventory.Leases;

namespace PxeXen.Inventory.Tests.Leases;

/// <summary>What every <see cref="ILeaseStore"/> must do; run against SQLite and PostgreSQL.</summary>
public abstract class LeaseStoreContract
{
    protected static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    protected abstract Task<ILeaseStore> CreateStoreAsync();

    protected static LeaseChange Bind(string mac, string address, int seconds = 3600) =>
        new(LeaseChangeKind.Bind, new Lease { Mac = mac, Address = IPAddress.Parse(address), Expires = Now.AddSeconds(seconds), Hostname = "h-" + mac[^2..] });

    [Fact(Timeout = 30_000)]
    public async Task Commit_Bind_IsListed()
    {
        var store = await CreateStoreAsync();
        Assert.Equal(new[] { true, true }, await store.CommitAsync([Bind("aa:00:00:00:00:01", "10.0.0.10"), Bind("aa:00:00:00:00:02", "10.0.0.9")], Now, TestContext.Current.CancellationToken));

        var leases = await store.ListAsync(null, null, TestContext.Current.CancellationToken);

        Assert.Equal(["10.0.0.9", "10.0.0.10"], leases.Select(l => l.Address.ToString()));
        Assert.Equal("h-01", leases[1].Hostname);
        Assert.Equal(Now.AddSeconds(3600), leases[1].Expires);
        Assert.Equal(LeaseState.Active, leases[1].State);
    }

    [Fact(Timeout = 30_000)]
    public async Task Commit_AddressHeldByAnotherMac_IsRefused()
    {
        var store = await CreateStoreAsync();
        await store.CommitAsync([Bind("aa:00:00:00:00:01", "10.0.0.10")], Now, TestContext.Current.CancellationToken);

        var results = await store.CommitAsync([Bind("bb:00:00:00:00:02", "10.0.0.10"), Bind("aa:00:00:00:00:01", "10.0.0.10", 7200)], Now, TestContext.Current.CancellationToken);

        Assert.Equal([false, true], results);
        var lease = Assert.Single(await store.ListAsync(null, null, TestContext.Current.CancellationToken));
        Assert.Equal("aa:00:00:00:00:01", lease.Mac);
        Assert.Equal(Now.AddSeconds(7200), lease.Expires);
    }

    [Fact(Timeout = 30_000)]
    public async Task Commit_ExpiredOrReleasedAddress_GoesToTheNextMac()
    {
        var store = await CreateStoreAsync();
        await store.CommitAsync([Bind("aa:00:00:00:00:01", "10.0.0.10", -5), Bind("aa:00:00:00:00:02", "10.0.0.11")], Now, TestContext.Current.CancellationToken);
        var release = new LeaseChange(LeaseChangeKind.Release, new Lease { Mac = "aa:00:00:00:00:02", Address = IPAddress.Parse("10.0.0.11"), Expires = Now });
        Assert.Equal(new[] { true }, await store.CommitAsync([release], Now, TestContext.Current.CancellationToken));

        Assert.Equal(new[] { true, true }, await store.CommitAsync([Bind("cc:00:00:00:00:03", "10.0.0.10"), Bind("dd:00:00:00:00:04", "10.0.0.11")], Now, TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = 30_000)]
    public async Task Commit_Decline_QuarantinesEvenForTheSameMac()
    {
        var store = await CreateStoreAsync();
        await store.CommitAsync([Bind("aa:00:00:00:00:01", "10.0.0.10")], Now, TestContext.Current.CancellationToken);
        var decline = new LeaseChange(LeaseChangeKind.Decline, new Lease { Mac = "aa:00:00:00:00:01", Address = IPAddress.Parse("10.0.0.10"), Expires = Now.AddSeconds(600) });
        Assert.Equal(new[] { true }, await store.CommitAsync([decline], Now, TestContext.Current.CancellationToken));

        Assert.Equal(new[] { false, false }, await store.CommitAsync([Bind("aa:00:00:00:00:01", "10.0.0.10"), Bind("bb:00:00:00:00:02", "10.0.0.10")], Now, TestContext.Current.CancellationToken));
        Assert.Equal(new[] { true }, await store.CommitAsync([Bind("bb:00:00:00:00:02", "10.0.0.10")], Now.AddSeconds(601), TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = 30_000)]
    public async Task Commit_MacMovesToAnotherAddress_KeepsOneLease()
    {
        var store = await CreateStoreAsync();
        await store.CommitAsync([Bind("aa:00:00:00:00:01", "10.0.0.10")], Now, TestContext.Current.CancellationToken);
        await store.CommitAsync([Bind("aa:00:00:00:00:01", "10.0.0.20") with { Replaces = IPAddress.Parse("10.0.0.10") }], Now, TestContext.Current.CancellationToken);

        var lease = Assert.Single(await store.ListAsync("aa:00:00:00:00:01", null, TestContext.Current.CancellationToken));
        Assert.Equal("10.0.0.20", lease.Address.ToString());
    }

    [Fact(Timeout = 30_000)]
    public async Task List_FiltersByMacAndSince()
    {
        var store = await CreateStoreAsync();
        await store.CommitAsync([Bind("aa:00:00:00:00:01", "10.0.0.10")], Now, TestContext.Current.CancellationToken);
        await store.CommitAsync([Bind("aa:00:00:00:00:02", "10.0.0.11")], Now.AddSeconds(100), TestContext.Current.CancellationToken);

        Assert.Single(await store.ListAsync("aa:00:00:00:00:02", null, TestContext.Current.CancellationToken));
        Assert.Equal("aa:00:00:00:00:02", Assert.Single(await store.ListAsync(null, Now.AddSeconds(50), TestContext.Current.CancellationToken)).Mac);
        Assert.Empty(await store.ListAsync("ff:00:00:00:00:00", null, TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = 60_000)]
    public async Task Commit_ConcurrentWritersOnOneAddress_ExactlyOneWins()
    {
        var first = await CreateStoreAsync();
        var second = await SecondStoreOnSameDatabaseAsync(first);
        var wins = 0;
        for (var i = 0; i < 50; i++)
        {
            var address = $"10.1.{i / 200}.{i % 200 + 1}";
            var a = Task.Run(async () => (await first.CommitAsync([Bind("aa:00:00:00:01:01", address)], Now, TestContext.Current.CancellationToken))[0]);
            var b = Task.Run(async () => (await second.CommitAsync([Bind("bb:00:00:00:02:02", address)], Now, TestContext.Current.CancellationToken))[0]);
            var results = await Task.WhenAll(a, b);
            Assert.Single(results, r => r);
            wins++;
        }
        Assert.Equal(50, wins);
    }

    [Fact(Timeout = 60_000)]
    public async Task Commit_LargeBatchWithRepeatsAndConflicts_JudgesEachChange()
    {
        var store = await CreateStoreAsync();
        var changes = new List<LeaseChange>();
        for (var i = 0; i < 600; i++)
            changes.Add(Bind($"aa:00:00:00:{i / 256:x2}:{i % 256:x2}", $"10.2.{i / 200}.{i % 200 + 1}"));
        // The same address for a second MAC in the same batch, and a renewal of the first.
        changes.Add(Bind("bb:00:00:00:00:01", "10.2.0.1"));
        changes.Add(Bind("aa:00:00:00:00:00", "10.2.0.1", 7200));
        var release = new LeaseChange(LeaseChangeKind.Release, new Lease { Mac = "aa:00:00:00:00:05", Address = IPAddress.Parse("10.2.0.6"), Expires = Now });
        changes.Add(release);
        changes.Add(Bind("cc:00:00:00:00:01", "10.2.0.6"));

        var results = await store.CommitAsync(changes, Now, TestContext.Current.CancellationToken);

        Assert.All(results.Take(600), Assert.True);
        Assert.Equal(new[] { false, true, true, true }, results.Skip(600));
        var leases = await store.ListAsync(null, null, TestContext.Current.CancellationToken);
        Assert.Equal(600, leases.Count);
        Assert.Equal("aa:00:00:00:00:00", leases.Single(l => l.Address.ToString() == "10.2.0.1").Mac);
        Assert.Equal("cc:00:00:00:00:01", leases.Single(l => l.Address.ToString() == "10.2.0.6").Mac);
    }

    /// <summary>Another store object (another "server") on the same database.</summary>
    protected abstract Task<ILeaseStore> SecondStoreOnSameDatabaseAsync(ILeaseStore first);
}
