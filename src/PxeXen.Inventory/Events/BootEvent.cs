namespace PxeXen.Inventory.Events;

/// <summary>One step a machine reached on its way to booting (see <see cref="BootStage"/>).</summary>
/// <param name="Id">Store-assigned, increasing; 0 before it is stored.</param>
/// <param name="Mac">Normalised MAC.</param>
/// <param name="Detail">What was asked or given, e.g. a file path or "arch=7 userClass=iPXE".</param>
public sealed record BootEvent(long Id, string Mac, DateTimeOffset Time, string Stage, string? Detail);
