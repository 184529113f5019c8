namespace PxeXen.EndToEnd.Tests.Firmware;

/// <summary>
/// QEMU boots under TCG take a whole core each: the firmware tests run one after another, never
/// side by side, so each boot stays inside its timeout on a 2-core CI machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FirmwareCollection
{
    public const string Name = "Firmware boots";
}
