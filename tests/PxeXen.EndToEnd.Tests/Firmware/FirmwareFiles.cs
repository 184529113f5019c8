using PxeXen.EndToEnd.Tests.Infrastructure;

namespace PxeXen.EndToEnd.Tests.Firmware;

/// <summary>Where Debian's packages put the firmware and boot programs; skips the test when one is missing.</summary>
public static class FirmwareFiles
{
    public static string Qemu => Command.Require("qemu-system-x86_64", "qemu-system-x86");

    /// <summary>OVMF as one image for -bios (variables are not kept, which a netboot does not need).</summary>
    public static string Ovmf => RequireFile("ovmf", "/usr/share/qemu/OVMF.fd", "/usr/share/ovmf/OVMF.fd");

    /// <summary>Debian's iPXE ROM for QEMU's e1000 (legacy PXE ROM only, no EFI part).</summary>
    public static string E1000Rom => RequireFile("ipxe-qemu", "/usr/lib/ipxe/qemu/pxe-e1000.rom");

    /// <summary>iPXE for x86_64 UEFI, what OVMF's own PXE client chainloads.</summary>
    public static string IpxeEfi => RequireFile("ipxe", "/usr/lib/ipxe/ipxe.efi", "/boot/ipxe.efi");

    /// <summary>iPXE for BIOS PXE ROMs (chainloaded over UNDI).</summary>
    public static string UndionlyKpxe => RequireFile("ipxe", "/usr/lib/ipxe/undionly.kpxe");

    private static string RequireFile(string debianPackage, params string[] candidates) =>
        candidates.FirstOrDefault(File.Exists)
        ?? throw Xunit.Sdk.SkipException.ForSkip($"{candidates[0]} not installed (Debian package {debianPackage})");
}
