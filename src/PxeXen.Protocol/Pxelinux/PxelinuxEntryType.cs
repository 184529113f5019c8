namespace PxeXen.Protocol.Pxelinux;

/// <summary>What a label's command runs (syslinux readconfig.c kernel_types[], ldlinux.c by extension).</summary>
public enum PxelinuxEntryType
{
    /// <summary><c>KERNEL x</c> whose extension names no other type: syslinux guesses Linux.</summary>
    Linux,
    LocalBoot,
    Boot,
    Bss,
    Pxe,
    FdImage,
    Comboot,
    Com32,
    Config,
    /// <summary>A menu-only entry (MENU SEPARATOR, DISABLE, GOTO, EXIT, QUIT): not bootable.</summary>
    MenuOnly,
}
