namespace PxeXen.Inventory;

public enum StoreProvider
{
    /// <summary>One file under the data directory; the embedded default.</summary>
    Sqlite,

    /// <summary>Several PxeXen servers sharing one truth.</summary>
    Postgres,
}
