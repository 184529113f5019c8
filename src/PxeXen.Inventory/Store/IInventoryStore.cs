using System.Net;
using PxeXen.Inventory.Distros;
using PxeXen.Inventory.Events;
using PxeXen.Inventory.Machines;
using PxeXen.Inventory.Profiles;
using PxeXen.Inventory.Seen;

namespace PxeXen.Inventory.Store;

/// <summary>
/// Distros, profiles, machines, boot events and seen MACs. Every mutation is one transaction:
/// it succeeds whole or leaves nothing behind. Inputs are already normalised
/// (<see cref="Validation.InventoryRules"/>); the store checks references and uniqueness.
/// </summary>
public interface IInventoryStore
{
    /// <summary>Creates the database and schema, or upgrades it. Idempotent; other methods call it first.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Counts the distro, profile and machine changes committed through this instance. A cache of the
    /// inventory (DHCP's machine snapshot) compares it to know it is stale without a query per packet;
    /// changes another server writes to a shared database are seen at the cache's periodic refresh.
    /// </summary>
    long Revision { get; }

    Task<IReadOnlyList<Distro>> ListDistrosAsync(CancellationToken cancellationToken);
    Task<Distro?> GetDistroAsync(string name, CancellationToken cancellationToken);
    Task<StoreResult> CreateDistroAsync(Distro distro, CancellationToken cancellationToken);
    Task<StoreResult> ReplaceDistroAsync(Distro distro, CancellationToken cancellationToken);
    Task<StoreResult> DeleteDistroAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<Profile>> ListProfilesAsync(CancellationToken cancellationToken);
    Task<Profile?> GetProfileAsync(string name, CancellationToken cancellationToken);
    Task<StoreResult> CreateProfileAsync(Profile profile, CancellationToken cancellationToken);
    Task<StoreResult> ReplaceProfileAsync(Profile profile, CancellationToken cancellationToken);
    Task<StoreResult> DeleteProfileAsync(string name, CancellationToken cancellationToken);

    /// <summary>The profile and its ancestors, root first; empty when the profile does not exist.</summary>
    Task<IReadOnlyList<Profile>> GetProfileChainAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<Machine>> ListMachinesAsync(MachineQuery query, CancellationToken cancellationToken);
    Task<Machine?> GetMachineAsync(string name, CancellationToken cancellationToken);
    Task<Machine?> FindMachineByMacAsync(string mac, CancellationToken cancellationToken);
    Task<Machine?> FindMachineByIpAsync(IPAddress ip, CancellationToken cancellationToken);
    Task<StoreResult> CreateMachineAsync(Machine machine, CancellationToken cancellationToken);
    Task<StoreResult> ReplaceMachineAsync(Machine machine, CancellationToken cancellationToken);
    Task<StoreResult> DeleteMachineAsync(string name, CancellationToken cancellationToken);
    Task<StoreResult> SetNetbootAsync(string name, bool enabled, CancellationToken cancellationToken);

    /// <summary>
    /// Appends events in one transaction and returns them with their ids. Events of MACs that are
    /// not registered also update the seen list (arch, userClass and vendorClass from the detail's
    /// <c>key=value</c> words).
    /// </summary>
    Task<IReadOnlyList<BootEvent>> AppendEventsAsync(IReadOnlyList<BootEvent> events, CancellationToken cancellationToken);

    Task<IReadOnlyList<BootEvent>> ListEventsAsync(EventQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes boot events older than <paramref name="before"/>, and seen MACs last seen before it,
    /// in short transactions (so a large backlog never holds the writer lock for long).
    /// </summary>
    /// <returns>How many boot events were deleted.</returns>
    Task<long> PruneEventsAsync(DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>Seen MACs that are still not registered, most recent first.</summary>
    Task<IReadOnlyList<SeenMac>> ListSeenAsync(CancellationToken cancellationToken);
}
