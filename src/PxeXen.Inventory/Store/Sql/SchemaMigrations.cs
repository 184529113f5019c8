namespace PxeXen.Inventory.Store.Sql;

/// <summary>
/// The inventory schema, one entry per version. Never edit a released entry: append a new one.
/// The version reached is kept in <c>schema_versions</c> under component 'inventory' (the lease
/// store keeps its own row in the same table).
/// </summary>
public static class SchemaMigrations
{
    public const string Component = "inventory";

    public const string VersionTable =
        "CREATE TABLE IF NOT EXISTS schema_versions (component TEXT PRIMARY KEY, version INTEGER NOT NULL)";

    /// <summary>Statements per version; <c>{id}</c> is the dialect's auto-increment key column.</summary>
    public static IReadOnlyList<string[]> Versions { get; } =
    [
        // 1: distros, profiles, machines, boot events, seen MACs.
        [
            "CREATE TABLE distros (name TEXT PRIMARY KEY, kernel TEXT NOT NULL, initrds TEXT NOT NULL, arch TEXT NOT NULL, breed TEXT NOT NULL, kernel_args TEXT NOT NULL, xen TEXT NULL)",
            "CREATE TABLE profiles (name TEXT PRIMARY KEY, distro TEXT NULL REFERENCES distros(name), parent TEXT NULL REFERENCES profiles(name), body TEXT NOT NULL)",
            "CREATE INDEX profiles_distro ON profiles(distro)",
            "CREATE INDEX profiles_parent ON profiles(parent)",
            "CREATE TABLE machines (name TEXT PRIMARY KEY, profile TEXT NOT NULL REFERENCES profiles(name), ip TEXT NULL UNIQUE, hostname TEXT NULL, gateway TEXT NULL, netmask TEXT NULL, uuid TEXT NULL, netboot BIGINT NOT NULL, variables TEXT NOT NULL)",
            "CREATE INDEX machines_profile ON machines(profile)",
            "CREATE TABLE machine_macs (mac TEXT PRIMARY KEY, machine TEXT NOT NULL REFERENCES machines(name) ON DELETE CASCADE, position BIGINT NOT NULL)",
            "CREATE INDEX machine_macs_machine ON machine_macs(machine)",
            "CREATE TABLE boot_events (id {id}, mac TEXT NOT NULL, time_ms BIGINT NOT NULL, stage TEXT NOT NULL, detail TEXT NULL)",
            "CREATE INDEX boot_events_mac ON boot_events(mac, id)",
            "CREATE INDEX boot_events_time ON boot_events(time_ms)",
            "CREATE TABLE seen_macs (mac TEXT PRIMARY KEY, first_seen_ms BIGINT NOT NULL, last_seen_ms BIGINT NOT NULL, arch TEXT NULL, user_class TEXT NULL, vendor_class TEXT NULL)",
        ],
        // 2: Store:EventRetentionDays prunes seen MACs by last sighting (a flood of made-up MACs
        // makes this table large); version 1 put TFTP transfers without a MAC on the list as "".
        [
            "CREATE INDEX seen_macs_last_seen ON seen_macs(last_seen_ms)",
            "DELETE FROM seen_macs WHERE mac = ''",
        ],
    ];

    public static int Latest => Versions.Count;
}
