using Microsoft.Extensions.Options;
using Serilog;

namespace PxeXen.Server.Settings;

/// <summary>Runs the host and turns start-up failures into one clear line and a non-zero exit.</summary>
public static class ServiceHost
{
    /// <summary>Exit code for a setting that stops start-up (EX_CONFIG from sysexits.h).</summary>
    public const int ConfigurationError = 78;

    public static async Task<int> RunAsync(IHost host)
    {
        try
        {
            await host.RunAsync();
            return 0;
        }
        catch (OptionsValidationException e)
        {
            foreach (var failure in e.Failures)
                Console.Error.WriteLine($"pxexen: invalid setting {failure}");
            return ConfigurationError;
        }
        catch (InvalidOperationException e) when (e.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase))
        {
            // Binding errors ("Failed to convert configuration value at 'Tftp:Port'") already name the key.
            Console.Error.WriteLine($"pxexen: invalid setting: {e.Message}");
            return ConfigurationError;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }
}
