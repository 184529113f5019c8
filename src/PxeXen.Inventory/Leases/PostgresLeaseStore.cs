using System.Data.Common;
using Npgsql;

namespace PxeXen.Inventory.Leases;

/// <summary>
/// Leases in PostgreSQL, shared by several PxeXen servers: the primary key on the address and
/// <c>ON CONFLICT ... WHERE</c> make each claim atomic across servers.
/// </summary>
public sealed class PostgresLeaseStore(string connectionString) : SqlLeaseStore
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _dataSource.DisposeAsync();
    }
}
