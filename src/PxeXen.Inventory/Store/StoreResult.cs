namespace PxeXen.Inventory.Store;

/// <summary>What a store mutation did; on failure nothing was written.</summary>
/// <param name="Field">The field at fault as the API names it, when one is.</param>
public sealed record StoreResult(StoreStatus Status, string? Error = null, string? Field = null)
{
    public static readonly StoreResult Ok = new(StoreStatus.Ok);

    public bool Succeeded => Status == StoreStatus.Ok;

    public static StoreResult NotFound(string what) => new(StoreStatus.NotFound, $"{what} does not exist");
    public static StoreResult Conflict(string error, string? field = null) => new(StoreStatus.Conflict, error, field);
    public static StoreResult Invalid(string error, string field) => new(StoreStatus.Invalid, error, field);
}
