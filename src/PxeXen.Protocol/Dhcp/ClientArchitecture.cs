namespace PxeXen.Protocol.Dhcp;

/// <summary>RFC 4578 §2.1 / IANA processor architecture types (option 93).</summary>
public static class ClientArchitecture
{
    public const ushort X86Bios = 0;
    public const ushort EfiIa32 = 6;
    public const ushort EfiBc = 7;
    public const ushort EfiX64 = 9;
    public const ushort EfiArm32 = 10;
    public const ushort EfiArm64 = 11;
    public const ushort EfiX64Http = 16;

    public static string Name(ushort type) => type switch
    {
        X86Bios => "x86 BIOS",
        EfiIa32 => "EFI IA32",
        EfiBc => "EFI BC",
        EfiX64 => "EFI x86-64",
        EfiArm32 => "EFI ARM32",
        EfiArm64 => "EFI ARM64",
        EfiX64Http => "EFI x86-64 HTTP",
        _ => $"type {type}",
    };
}
