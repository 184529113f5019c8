using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace PxeXen.Server.Settings;

/// <summary>Binds a settings class to its configuration section and validates it when the host starts.</summary>
public static class SettingsRegistration
{
    public static OptionsBuilder<T> AddPxeXenSettings<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new SectionValidator<T>(section));
        return services.AddOptions<T>()
            .Bind(configuration.GetSection(section), o => o.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
    }
}

/// <summary>
/// Runs data annotations and <see cref="IValidatableObject"/> and reports each failure as
/// "Section:Key: message", so the operator sees which setting to fix.
/// </summary>
internal sealed class SectionValidator<T>(string section) : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        if (results.Count == 0)
            return ValidateOptionsResult.Success;
        var failures = results.Select(r =>
        {
            var key = r.MemberNames.FirstOrDefault();
            return key is null ? $"{section}: {r.ErrorMessage}" : $"{section}:{key}: {r.ErrorMessage}";
        });
        return ValidateOptionsResult.Fail(failures);
    }
}
