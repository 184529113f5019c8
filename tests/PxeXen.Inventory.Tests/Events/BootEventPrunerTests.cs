using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PxeXen.Inventory.Events;
using PxeXen.Inventory.Store;
using PxeXen.Inventory.Store.Sql;

namespace PxeXen.Inventory.Tests.Events;

/// <summary>Store:EventRetentionDays: old boot events go at start and then hourly, recent ones stay.</summary>
public sealed class BootEventPrunerTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("pxexen-prune-").FullName;
    private readonly SqlInventoryStore _store;

    public BootEventPrunerTests() => _store = new SqlInventoryStore(new SqliteDialect(Path.Combine(_directory, "pxexen.db")));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string[]> MacsLeftAsync() =>
        [.. (await _store.ListEventsAsync(new EventQuery(), Ct)).Select(e => e.Mac)];

    [Fact(Timeout = 30_000)]
    public async Task PrunesAtStart_ThenEveryInterval_KeepingWhatIsYoungerThanTheRetention()
    {
        await _store.AppendEventsAsync(
        [
            new BootEvent(0, "52:54:00:00:00:01", Now.AddDays(-40), BootStage.DhcpDiscover, null),
            new BootEvent(0, "52:54:00:00:00:02", Now.AddDays(-10), BootStage.DhcpDiscover, null),
            new BootEvent(0, "52:54:00:00:00:03", Now.AddDays(-1), BootStage.DhcpDiscover, null),
        ], Ct);
        var clock = new FakeTimeProvider(Now);
        var pruner = new BootEventPruner(_store, TimeSpan.FromDays(30), clock, NullLogger<BootEventPruner>.Instance);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var running = pruner.RunAsync(stop.Token);

        // At start: only what is older than 30 days.
        await WaitForAsync(clock, left => left.Length == 2, advance: TimeSpan.Zero);
        Assert.Equal(["52:54:00:00:00:02", "52:54:00:00:00:03"], await MacsLeftAsync());

        // 25 days on (plus the odd hour for the hourly timer): the -10 day event is now 35 days old, the -1 day one 26.
        clock.Advance(TimeSpan.FromDays(25));
        await WaitForAsync(clock, left => left.Length == 1, advance: BootEventPruner.Interval);
        Assert.Equal(["52:54:00:00:00:03"], await MacsLeftAsync());

        clock.Advance(TimeSpan.FromDays(5));
        await WaitForAsync(clock, left => left.Length == 0, advance: BootEventPruner.Interval);

        stop.Cancel();
        await running; // ends quietly on stop
    }

    /// <summary>Polls the store; each miss moves the clock by <paramref name="advance"/> (the timer may not have been armed yet).</summary>
    private async Task WaitForAsync(FakeTimeProvider clock, Func<string[], bool> done, TimeSpan advance)
    {
        while (!done(await MacsLeftAsync()))
        {
            await Task.Delay(50, Ct);
            clock.Advance(advance);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task ZeroRetention_KeepsEverything()
    {
        await _store.AppendEventsAsync([new BootEvent(0, "52:54:00:00:00:01", Now.AddYears(-5), BootStage.DhcpDiscover, null)], Ct);
        var pruner = new BootEventPruner(_store, TimeSpan.Zero, new FakeTimeProvider(Now), NullLogger<BootEventPruner>.Instance);
        await pruner.RunAsync(Ct);
        Assert.Single(await MacsLeftAsync());
    }

    public void Dispose()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
