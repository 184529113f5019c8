using System.Data.Common;

namespace PxeXen.Inventory.Store.Sql;

/// <summary>What differs between SQLite and PostgreSQL; the SQL itself is shared.</summary>
public abstract class SqlDialect
{
    /// <summary>For messages: "SQLite /var/lib/pxexen/pxexen.db" or "PostgreSQL db@host".</summary>
    public abstract string Description { get; }

    /// <summary>Column type of an auto-increment primary key.</summary>
    public abstract string IdentityColumn { get; }

    public abstract DbConnection CreateConnection();

    /// <summary>Runs once before the schema is created (e.g. make the directory, WAL mode).</summary>
    public abstract Task PrepareAsync(CancellationToken cancellationToken);

    /// <summary>Serialises schema upgrades between servers sharing the database.</summary>
    public abstract Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    public abstract bool IsUniqueViolation(DbException exception);
    public abstract bool IsForeignKeyViolation(DbException exception);

    /// <summary>Opens a connection and begins a transaction that serialises writers where the database needs it.</summary>
    public virtual async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken);

    /// <summary>
    /// Begins a write whose commit need not wait for the disk: boot events and the seen list. Losing
    /// the last moment of them to a power cut is acceptable; paying an fsync per batch during a boot
    /// storm is not. The database stays consistent either way.
    /// </summary>
    public virtual Task<DbTransaction> BeginRelaxedWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        BeginWriteAsync(connection, cancellationToken);
}
