namespace PxeXen.Inventory.Store;

/// <summary>Filters for listing boot events; all optional.</summary>
/// <param name="AfterId">Only events with a larger id (for paging and resuming a stream).</param>
/// <param name="Limit">At most this many, oldest first.</param>
/// <param name="Newest">The newest <paramref name="Limit"/> matches instead of the oldest (still listed oldest first).</param>
public sealed record EventQuery(string? Mac = null, DateTimeOffset? Since = null, long? AfterId = null, int Limit = 1000, bool Newest = false);
