namespace PxeXen.Inventory.Store;

/// <summary>Filters for listing machines; all optional.</summary>
public sealed record MachineQuery(string? Profile = null, string? Mac = null);
