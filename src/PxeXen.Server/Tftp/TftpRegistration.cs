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
        PreferInlineSocketCompletions(configuration);
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

    // The runtime reads this variable once, when the first asynchronous socket operation starts: that
    // is after registration (no socket exists yet), so setting it here applies to the whole process.
    // An explicit DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS in the environment wins.
    private static void PreferInlineSocketCompletions(IConfiguration configuration)
    {
        const string variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
        var section = configuration.GetSection(TftpSettings.Section);
        var enabled = !bool.TryParse(section[nameof(TftpSettings.Enabled)], out var on) || on;
        var inline = bool.TryParse(section[nameof(TftpSettings.InlineSocketCompletions)], out var value) && value;
        if (enabled && inline && Environment.GetEnvironmentVariable(variable) is null)
            Environment.SetEnvironmentVariable(variable, "1");
    }
}
