namespace PxeXen.Inventory.Seen;

/// <summary>A MAC that asked to boot and is not registered, with what it said about itself.</summary>
public sealed record SeenMac(string Mac, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, string? Arch, string? UserClass, string? VendorClass);
