namespace PxeXen.Boot.Dhcp;

/// <summary>What a DHCP request says about the booting firmware (also built by <c>/explain</c>).</summary>
/// <param name="Mac">Normalised MAC.</param>
/// <param name="Architecture">Option 93's first type, or null when absent.</param>
/// <param name="UserClasses">Option 77, either form.</param>
/// <param name="VendorClass">Option 60.</param>
/// <param name="HasIpxeOptions">Option 175 present.</param>
public sealed record BootQuery(string Mac, ushort? Architecture, IReadOnlyList<string> UserClasses, string? VendorClass, bool HasIpxeOptions = false)
{
    public bool IsIpxe => HasIpxeOptions || UserClasses.Any(c => c.Equals("iPXE", StringComparison.OrdinalIgnoreCase));

    public bool IsXenHelper => UserClasses.Any(c => c.Equals("XenPV", StringComparison.OrdinalIgnoreCase));

    /// <summary>PXE firmware and iPXE send vendor class PXEClient:...; UEFI HTTP boot sends HTTPClient:....</summary>
    public bool IsPxeClient => VendorClass?.StartsWith("PXEClient", StringComparison.Ordinal) == true;

    public bool IsHttpClient => VendorClass?.StartsWith("HTTPClient", StringComparison.Ordinal) == true;

    /// <summary>
    /// Option 93, else the architecture inside <c>PXEClient:Arch:xxxxx</c> (some ROMs send only
    /// option 60), else null.
    /// </summary>
    public ushort? EffectiveArchitecture
    {
        get
        {
            if (Architecture is { } a)
                return a;
            var v = VendorClass;
            if (v is not null && v.Length >= 20 && (IsPxeClient || IsHttpClient))
            {
                var at = v.IndexOf(":Arch:", StringComparison.Ordinal);
                if (at > 0 && at + 11 <= v.Length && ushort.TryParse(v.AsSpan(at + 6, 5), out var parsed))
                    return parsed;
            }
            return null;
        }
    }
}
