using PxeXen.Inventory.Machines;

namespace PxeXen.Boot.Dhcp;

/// <summary>
/// What the menus and answer files do for a MAC nobody registered, following the same
/// <see cref="BootFileSettings.UnknownMacs"/> policy DHCP follows: with <c>DefaultProfile</c> the MAC
/// is served as a stand-in machine of that profile (menu, kernel arguments, answer file), so the boot
/// file DHCP handed out leads to an install and not to the local-boot menu.
/// </summary>
public sealed class UnregisteredMachines(BootFileSettings settings)
{
    /// <summary>Every MAC stays unregistered: the local-boot menu, no answer file (DHCP alone, or tests).</summary>
    public static readonly UnregisteredMachines None = new(new BootFileSettings());

    /// <returns>The stand-in for <paramref name="mac"/> (normalised), or null when unknown MACs boot locally.</returns>
    public Machine? StandIn(string? mac)
    {
        if (mac is null || settings.UnknownMacs != UnknownMacPolicy.DefaultProfile || string.IsNullOrWhiteSpace(settings.DefaultProfile))
            return null;
        return new Machine
        {
            // A name templates can use as a host name: lower case, no colons.
            Name = "unregistered-" + mac.Replace(":", "", StringComparison.Ordinal),
            Macs = [mac],
            Profile = settings.DefaultProfile,
        };
    }
}
