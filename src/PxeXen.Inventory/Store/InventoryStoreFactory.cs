using Microsoft.Extensions.Logging;
using PxeXen.Inventory.Store.Sql;

namespace PxeXen.Inventory.Store;

/// <summary>The store <see cref="StoreSettings.Provider"/> asks for.</summary>
public static class InventoryStoreFactory
{
    /// <param name="dataDirectory">Where a relative <see cref="StoreSettings.SqliteFile"/> lives.</param>
    public static SqlDialect CreateDialect(StoreSettings settings, string dataDirectory) => settings.Provider switch
    {
        StoreProvider.Postgres => new PostgresDialect(settings.PostgresConnectionString!),
        _ => new SqliteDialect(Path.IsPathRooted(settings.SqliteFile) ? settings.SqliteFile : Path.Combine(dataDirectory, settings.SqliteFile)),
    };

    public static SqlInventoryStore Create(StoreSettings settings, string dataDirectory, ILoggerFactory loggerFactory) =>
        new(CreateDialect(settings, dataDirectory), loggerFactory.CreateLogger<SqlInventoryStore>());
}
