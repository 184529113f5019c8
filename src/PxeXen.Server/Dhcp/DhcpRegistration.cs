using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PxeXen.Boot.Dhcp;
using PxeXen.Inventory;
using PxeXen.Inventory.Events;
using PxeXen.Inventory.Leases;
using PxeXen.Inventory.Machines;
using PxeXen.Server.Settings;

namespace PxeXen.Server.Dhcp;

/// <summary>One line in Program.cs: the DHCP server, its lease store and its settings.</summary>
public static class DhcpRegistration
{
    public static IServiceCollection AddPxeXenDhcp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPxeXenSettings<DhcpSettings>(configuration, DhcpSettings.Section);
        // The inventory registers Store too; bind it here only when it does not (DHCP alone).
        if (!services.Any(d => d.ServiceType == typeof(IValidateOptions<StoreSettings>)))
            services.AddPxeXenSettings<StoreSettings>(configuration, StoreSettings.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMachineDirectory, NoMachineDirectory>();
        services.TryAddSingleton<IBootEventSink, LoggedBootEvents>();
        services.AddSingleton<ILeaseStore>(provider => CreateStore(
            provider.GetRequiredService<IOptions<StoreSettings>>().Value,
            provider.GetRequiredService<IOptions<ServiceSettings>>().Value.DataDirectory));
        services.AddSingleton<DhcpRuntime>();
        services.AddSingleton<LeasePool>();
        services.AddSingleton<MachineSnapshot>();
        services.AddSingleton(provider => new DhcpResponder(
            provider.GetRequiredService<DhcpRuntime>(), provider.GetRequiredService<LeasePool>(),
            provider.GetRequiredService<MachineSnapshot>(), provider.GetRequiredService<IBootEventSink>(),
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<DhcpResponder>>()));
        services.AddSingleton<LeaseCommitQueue>();
        services.AddSingleton<MachineReservations>();
        // Renders and PXELINUX hex-IP names ask DHCP which address a machine has (replaces NoLeaseAddresses).
        services.AddSingleton<ILeaseAddresses, PoolLeaseAddresses>();
        // Menus and answer files follow the same unknown-MAC policy as the boot file DHCP hands out.
        services.AddSingleton(provider => new UnregisteredMachines(provider.GetRequiredService<IOptions<DhcpSettings>>().Value.Boot));
        services.AddHostedService<DhcpService>();
        return services;
    }

    private static ILeaseStore CreateStore(StoreSettings store, string dataDirectory) => store.Provider switch
    {
        StoreProvider.Postgres => new PostgresLeaseStore(store.PostgresConnectionString!),
        _ => new SqliteLeaseStore(Path.Combine(dataDirectory, store.LeaseSqliteFile)),
    };
}
