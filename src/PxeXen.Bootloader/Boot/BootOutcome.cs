using PxeXen.Bootloader.Output;

namespace PxeXen.Bootloader.Boot;

/// <summary>How a boot decision ended: a record to write, a hand-over to pygrub, or a failure.</summary>
internal sealed record BootOutcome(BootRecord? Record, bool LocalBoot, string? Error, string Summary)
{
    public static BootOutcome Booted(BootRecord record, string summary) => new(record, false, null, summary);
    public static BootOutcome Local(string summary) => new(null, true, null, summary);
    public static BootOutcome Failed(string error) => new(null, false, error, error);
}
