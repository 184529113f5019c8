namespace PxeXen.Inventory.Store;

public enum StoreStatus
{
    Ok,

    /// <summary>The record named in the request does not exist.</summary>
    NotFound,

    /// <summary>Duplicate name, MAC or IP, or a record still in use.</summary>
    Conflict,

    /// <summary>The record refers to something that does not exist (unknown profile, parent loop).</summary>
    Invalid,
}
