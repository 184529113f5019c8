namespace PxeXen.EndToEnd.Tests.Firmware;

/// <summary>Which firmware a QEMU machine netboots with.</summary>
public enum FirmwareKind
{
    /// <summary>SeaBIOS with an e1000 NIC carrying Debian's iPXE option ROM (ipxe-qemu).</summary>
    Bios,

    /// <summary>OVMF with a virtio-net NIC and no option ROM, so OVMF's own PXE client boots it.</summary>
    Uefi,
}
