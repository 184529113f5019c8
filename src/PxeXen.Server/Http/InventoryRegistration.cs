using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PxeXen.Boot.Dhcp;
using PxeXen.Boot.Files;
using PxeXen.Boot.Kernels;
using PxeXen.Boot.Rendering;
using PxeXen.Boot.Templates;
using PxeXen.Inventory;
using PxeXen.Inventory.Events;
using PxeXen.Inventory.Machines;
using PxeXen.Inventory.Store;
using PxeXen.Server.Api;
using PxeXen.Server.Settings;

namespace PxeXen.Server.Http;

/// <summary>One line in Program.cs: the inventory store, machine directory, boot events, HTTP settings and API services.</summary>
public static class InventoryRegistration
{
    public static IServiceCollection AddPxeXenInventory(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPxeXenSettings<StoreSettings>(configuration, StoreSettings.Section);
        services.AddPxeXenSettings<HttpSettings>(configuration, HttpSettings.Section);
        services.AddPxeXenSettings<ApiSettings>(configuration, ApiSettings.Section);
        services.TryAddSingleton(TimeProvider.System);

        // The store is built from settings when first asked for; the database and schema are made
        // at start by InventoryService (data/pxexen.db on the embedded defaults).
        services.AddSingleton<IInventoryStore>(provider => InventoryStoreFactory.Create(
            provider.GetRequiredService<IOptions<StoreSettings>>().Value,
            provider.GetRequiredService<IOptions<ServiceSettings>>().Value.DataDirectory,
            provider.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IMachineDirectory, StoreMachineDirectory>();
        services.TryAddSingleton<ILeaseAddresses, NoLeaseAddresses>();
        services.AddSingleton<BootEventFeed>();
        services.AddSingleton<BootEventRecorder>();
        services.AddSingleton<IBootEventSink>(provider => provider.GetRequiredService<BootEventRecorder>());
        services.AddSingleton(provider => new BootEventPruner(
            provider.GetRequiredService<IInventoryStore>(),
            TimeSpan.FromDays(provider.GetRequiredService<IOptions<StoreSettings>>().Value.EventRetentionDays),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<BootEventPruner>>()));
        services.AddHostedService<InventoryService>();

        // Rendering and generated files (PxeXen.Boot), from Service and Http settings.
        services.AddSingleton(provider =>
        {
            var service = provider.GetRequiredService<IOptions<ServiceSettings>>().Value;
            var http = provider.GetRequiredService<IOptions<HttpSettings>>().Value;
            return new BootRenderOptions
            {
                MenusDirectory = service.Menus,
                BootImagesDirectory = service.BootImages,
                HttpPort = ListeningPort(configuration) ?? http.Port,
                HttpBaseUrl = string.IsNullOrWhiteSpace(http.BaseUrl) ? null : http.BaseUrl,
            };
        });
        services.AddSingleton(provider => new TemplateLibrary(provider.GetRequiredService<BootRenderOptions>().MenusDirectory));
        services.AddSingleton<ServerAddresses>();
        services.AddSingleton<MachineRenderer>();
        services.AddSingleton<IGeneratedFileSource, GeneratedBootFiles>();
        // DHCP replaces it with its Dhcp:Boot policy (UnknownMacs=DefaultProfile serves that profile).
        services.TryAddSingleton(UnregisteredMachines.None);
        services.AddSingleton(provider => new BootImageFiles(provider.GetRequiredService<IOptions<ServiceSettings>>().Value.BootImages));

        services.AddSingleton<ApiToken>();
        services.AddSingleton<DistroKernelInspector>();
        services.AddSingleton<DistroInspection>();

        // Http:Address/Http:Port unless the operator gave --urls (or ASPNETCORE_URLS), which win.
        if (string.IsNullOrEmpty(configuration["urls"]))
        {
            services.AddOptions<KestrelServerOptions>().Configure<IOptions<HttpSettings>>((kestrel, http) =>
                kestrel.Listen(IPAddress.Parse(http.Value.Address), http.Value.Port));
        }
        return services;
    }

    /// <summary>The port of the first --urls entry, when the operator gave one.</summary>
    private static int? ListeningPort(IConfiguration configuration)
    {
        var urls = configuration["urls"];
        if (string.IsNullOrEmpty(urls))
            return null;
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries)[0].Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0");
        return Uri.TryCreate(first, UriKind.Absolute, out var uri) ? uri.Port : null;
    }
}
