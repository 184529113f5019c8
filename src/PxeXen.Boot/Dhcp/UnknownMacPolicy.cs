namespace PxeXen.Boot.Dhcp;

/// <summary>What a MAC that is not registered gets (it is recorded as seen in every case).</summary>
public enum UnknownMacPolicy
{
    /// <summary>No answer at all: another DHCP server (or none) deals with it.</summary>
    Ignore,

    /// <summary>An address but no boot file, so the firmware goes on to its next boot device.</summary>
    LocalBoot,

    /// <summary>Boots <see cref="BootFileSettings.DefaultProfile"/> like a registered machine.</summary>
    DefaultProfile,
}
