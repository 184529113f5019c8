using System.Text.RegularExpressions;

namespace PxeXen.EndToEnd.Tests.Firmware;

/// <summary>
/// The line the fixture initramfs prints on the serial console once the netbooted kernel reached
/// userspace (Fixtures/build-boot-fixture.sh): the MAC of the NIC and /proc/cmdline.
/// </summary>
public sealed partial record BootMarker(string Mac, string CommandLine)
{
    public const string Prefix = "PXEXEN-E2E-MARKER";

    /// <summary>The kernel command line split into words.</summary>
    public IReadOnlyList<string> Words => CommandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static BootMarker? Find(string serial)
    {
        var match = MarkerLine().Match(serial);
        return match.Success ? new BootMarker(match.Groups["mac"].Value, match.Groups["cmdline"].Value.TrimEnd('\r', ' ')) : null;
    }

    [GeneratedRegex(@"PXEXEN-E2E-MARKER mac=(?<mac>\S*) cmdline=(?<cmdline>[^\n]*)")]
    private static partial Regex MarkerLine();
}
