using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Events;

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
        catch (Exception e) when (IsSettingError(e))
        {
            if (e is OptionsValidationException validation)
            {
                foreach (var failure in validation.Failures)
                    Console.Error.WriteLine($"pxexen: invalid setting {failure}");
            }
            else
            {
                // The binder's message already names the key ("Failed to convert configuration value 'abc' at 'Tftp:Port'").
                Console.Error.WriteLine($"pxexen: invalid setting: {e.Message}");
            }
            return ConfigurationError;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }

    /// <summary>
    /// A setting that failed validation, or a value the configuration binder could not convert (it
    /// throws from inside ConfigurationBinder, which is how it is told apart from other failures).
    /// </summary>
    public static bool IsSettingError(Exception e) =>
        e is OptionsValidationException
        || e is InvalidOperationException { TargetSite.DeclaringType: var thrower } && thrower == typeof(ConfigurationBinder);

    /// <summary>
    /// The host logs a start-up failure with its whole stack before <see cref="RunAsync"/> sees it; for
    /// a setting error that is noise above the one line that says what to fix, so it is left out.
    /// </summary>
    public static bool IsReportedSettingError(LogEvent logEvent) =>
        logEvent.Exception is { } e && IsSettingError(e);
}
