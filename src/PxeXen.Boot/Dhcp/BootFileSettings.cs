using System.ComponentModel.DataAnnotations;

namespace PxeXen.Boot.Dhcp;

/// <summary>
/// Boot files per firmware (section <c>Dhcp:Boot</c>). Names are paths under boot-images served by
/// TFTP; URLs may use <c>{server}</c> (the address the request arrived on) and <c>{mac}</c>.
/// </summary>
public sealed class BootFileSettings : IValidatableObject
{
    /// <summary>Option 93 = 0 (PXE ROM): iPXE's UNDI build.</summary>
    [Required] public string Bios { get; set; } = "undionly.kpxe";

    /// <summary>Option 93 = 6.</summary>
    [Required] public string EfiIa32 { get; set; } = "ipxe-i386.efi";

    /// <summary>Option 93 = 7 and 9.</summary>
    [Required] public string EfiX64 { get; set; } = "ipxe.efi";

    /// <summary>Option 93 = 10.</summary>
    [Required] public string EfiArm32 { get; set; } = "ipxe-arm32.efi";

    /// <summary>Option 93 = 11.</summary>
    [Required] public string EfiArm64 { get; set; } = "ipxe-arm64.efi";

    /// <summary>Option 93 = 16 (UEFI HTTP boot): a URL, answered with vendor class HTTPClient.</summary>
    [Required] public string EfiHttp { get; set; } = "http://{server}:5000/boot-images/ipxe.efi";

    /// <summary>The Xen helper (user class XenPV): PXELINUX, whose directory holds pxelinux.cfg/.</summary>
    [Required] public string XenPv { get; set; } = "pxelinux.0";

    /// <summary>What iPXE is given instead of iPXE again: its per-machine script.</summary>
    [Required] public string IpxeScriptUrl { get; set; } = "http://{server}:5000/ipxe/{mac}";

    public UnknownMacPolicy UnknownMacs { get; set; } = UnknownMacPolicy.Ignore;

    /// <summary>Profile for unknown MACs when <see cref="UnknownMacs"/> is DefaultProfile.</summary>
    public string? DefaultProfile { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UnknownMacs == UnknownMacPolicy.DefaultProfile && string.IsNullOrWhiteSpace(DefaultProfile))
            yield return new ValidationResult("required when UnknownMacs is DefaultProfile", [nameof(DefaultProfile)]);
        foreach (var (name, value) in new[] { (nameof(EfiHttp), EfiHttp), (nameof(IpxeScriptUrl), IpxeScriptUrl) })
            if (!value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                yield return new ValidationResult($"'{value}' must be an http:// or https:// URL", [name]);
    }
}
