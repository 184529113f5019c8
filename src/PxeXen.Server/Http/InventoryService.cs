using PxeXen.Inventory.Events;
using PxeXen.Inventory.Store;
using PxeXen.Server.Api;

namespace PxeXen.Server.Http;

/// <summary>
/// Opens (creates, upgrades) the inventory store before anything is served, loads the API token,
/// then owns the boot event writer and the retention pruner until the service stops.
/// </summary>
public sealed class InventoryService(IInventoryStore store, ApiToken token, BootEventRecorder recorder, BootEventPruner pruner) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        token.EnsureLoaded();
        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(recorder.RunAsync(stoppingToken), pruner.RunAsync(stoppingToken));
}
