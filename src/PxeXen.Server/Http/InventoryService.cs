using PxeXen.Boot.Templates;
using PxeXen.Inventory.Events;
using PxeXen.Inventory.Store;
using PxeXen.Server.Api;

namespace PxeXen.Server.Http;

/// <summary>
/// Opens (creates, upgrades) the inventory store before anything is served, loads the API token,
/// then owns the boot event writer and the retention pruner until the service stops.
/// </summary>
public sealed partial class InventoryService(IInventoryStore store, ApiToken token, BootEventRecorder recorder, BootEventPruner pruner,
    TemplateLibrary templates, ILogger<InventoryService> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        token.EnsureLoaded();
        // Not a start-up error: TFTP and DHCP serve without templates (kernels, initrds, leases), and
        // the folder may be mounted later. But say so now, not at the first machine's boot.
        if (!Directory.Exists(templates.MenusDirectory))
            MenusMissing(logger, templates.MenusDirectory);
        await base.StartAsync(cancellationToken);
    }

    [LoggerMessage(LogLevel.Warning, "Service:Menus: directory '{Directory}' does not exist: boot menus and answer files cannot be rendered until it does")]
    private static partial void MenusMissing(ILogger logger, string directory);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(recorder.RunAsync(stoppingToken), pruner.RunAsync(stoppingToken));
}
