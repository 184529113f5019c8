using System.ComponentModel.DataAnnotations;

namespace PxeXen.Server.Settings;

/// <summary>Where the service keeps its state and finds what it serves.</summary>
public sealed class ServiceSettings : IValidatableObject
{
    public const string Section = "Service";

    /// <summary>Database, keys and other state; created when missing.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Kernels, initrds and firmware served over TFTP and HTTP.</summary>
    [Required]
    public string BootImages { get; set; } = "boot-images";

    /// <summary>Scriban templates (menus, answer files, xl.cfg).</summary>
    [Required]
    public string Menus { get; set; } = "menus";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Directory.Exists(BootImages))
            yield return new ValidationResult($"directory '{Path.GetFullPath(BootImages)}' does not exist", [nameof(BootImages)]);
    }
}
