namespace PxeXen.Boot.Dhcp;

public enum BootAction
{
    /// <summary>Send nothing.</summary>
    Ignore,

    /// <summary>An address and network options, no boot file (plain DHCP clients, local boot).</summary>
    AddressOnly,

    /// <summary>An address plus siaddr and a boot file (or URL).</summary>
    NetBoot,
}
