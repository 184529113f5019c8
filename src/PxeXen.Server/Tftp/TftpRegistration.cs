using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PxeXen.Server.Settings;

namespace PxeXen.Server.Tftp;

public static class TftpRegistration
{
    /// <summary>The TFTP server: settings from "Tftp", root defaulting to Service:BootImages.</summary>
    public static IServiceCollection AddPxeXenTftp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPxeXenSettings<TftpSettings>(configuration, TftpSettings.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<InterfaceMtu>();
        services.AddSingleton(sp =>
        {
            var root = sp.GetRequiredService<IOptions<TftpSettings>>().Value.Root;
            return new TftpRoot(string.IsNullOrEmpty(root) ? sp.GetRequiredService<IOptions<ServiceSettings>>().Value.BootImages : root);
        });
        services.AddSingleton<TftpTransfer>();
        services.AddSingleton<TftpListener>();
        services.AddHostedService(sp => sp.GetRequiredService<TftpListener>());
        return services;
    }
}
