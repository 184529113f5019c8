namespace PxeXen.Inventory.Leases;

/// <summary>
/// The lease table and its statements, identical for SQLite (3.35+) and PostgreSQL: both speak
/// <c>ON CONFLICT ... DO UPDATE ... WHERE</c> and <c>RETURNING</c>. The primary key on the
/// address is what makes a claim atomic, also between two servers.
/// </summary>
internal static class LeaseSql
{
    public const int SchemaVersion = 1;
    public const string Component = "leases";

    public const string CreateSchema = """
        CREATE TABLE IF NOT EXISTS schema_versions (component TEXT PRIMARY KEY, version INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS dhcp_leases (
            address TEXT PRIMARY KEY,
            mac TEXT NOT NULL,
            client_id TEXT,
            hostname TEXT,
            state TEXT NOT NULL,
            expires_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL);
        CREATE INDEX IF NOT EXISTS dhcp_leases_mac ON dhcp_leases (mac);
        CREATE INDEX IF NOT EXISTS dhcp_leases_updated ON dhcp_leases (updated_at);
        INSERT INTO schema_versions (component, version) VALUES ('leases', 1) ON CONFLICT (component) DO NOTHING;
        """;

    public const string ReadVersion = "SELECT version FROM schema_versions WHERE component = 'leases'";

    // Another MAC's row blocks the claim while it is active or declined and unexpired; the same
    // MAC may renew its active lease but not take back an address it declined (RFC 2131 §3.1.5).
    public const string BindInsert = "INSERT INTO dhcp_leases (address, mac, client_id, hostname, state, expires_at, updated_at) VALUES ";

    public static string BindRow(int row) => $"(@a{row}, @m{row}, @c{row}, @h{row}, 'active', @e{row}, @now)";

    public const string BindConflict = """

        ON CONFLICT (address) DO UPDATE SET mac = excluded.mac, client_id = excluded.client_id,
            hostname = excluded.hostname, state = 'active', expires_at = excluded.expires_at, updated_at = excluded.updated_at
        WHERE dhcp_leases.state = 'released' OR dhcp_leases.expires_at < @now
           OR (dhcp_leases.mac = excluded.mac AND dhcp_leases.state = 'active')
        RETURNING address
        """;

    // One lease per MAC: a client that moved to another address gives up the old one.
    public const string DropReplaced =
        "DELETE FROM dhcp_leases WHERE address = @address AND mac = @mac AND state = 'active'";

    public const string Release = """
        UPDATE dhcp_leases SET state = 'released', updated_at = @now
        WHERE address = @address AND mac = @mac AND state = 'active'
        RETURNING address
        """;

    public const string Decline = """
        UPDATE dhcp_leases SET state = 'declined', expires_at = @expires_at, updated_at = @now
        WHERE address = @address AND mac = @mac AND state = 'active'
        RETURNING address
        """;

    public const string Select =
        "SELECT address, mac, client_id, hostname, state, expires_at, updated_at FROM dhcp_leases";
}
