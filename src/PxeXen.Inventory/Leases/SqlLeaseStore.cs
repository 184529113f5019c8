using System.Data.Common;
using System.Net;

namespace PxeXen.Inventory.Leases;

/// <summary>
/// <see cref="ILeaseStore"/> over ADO.NET; the SQLite and PostgreSQL stores differ only in how
/// they open connections. The writer keeps one open connection; reads open their own.
/// </summary>
public abstract class SqlLeaseStore : ILeaseStore, IAsyncDisposable
{
    private readonly SemaphoreSlim _writerLock = new(1, 1);
    private LeaseStatements? _writer;

    protected abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    public async ValueTask InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = LeaseSql.CreateSchema;
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var read = connection.CreateCommand();
        read.CommandText = LeaseSql.ReadVersion;
        var version = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        if (version > LeaseSql.SchemaVersion)
            throw new InvalidOperationException($"the lease tables are schema version {version}; this build knows up to {LeaseSql.SchemaVersion}");
    }

    public async ValueTask<bool[]> CommitAsync(IReadOnlyList<LeaseChange> changes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var results = new bool[changes.Count];
        if (changes.Count == 0)
            return results;
        await _writerLock.WaitAsync(cancellationToken);
        try
        {
            _writer ??= new LeaseStatements(await OpenAsync(cancellationToken));
            await using var transaction = await _writer.Connection.BeginTransactionAsync(cancellationToken);
            _writer.Use(transaction);
            await _writer.ApplyAsync(changes, results, now.ToUnixTimeSeconds(), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return results;
        }
        catch
        {
            // The connection may be broken (database restarted): open a fresh one next time.
            await DisposeWriterAsync();
            throw;
        }
        finally
        {
            _writerLock.Release();
        }
    }

    public virtual Task RunMaintenanceAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask<IReadOnlyList<Lease>> ListAsync(string? mac, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var where = new List<string>();
        if (mac is not null)
        {
            where.Add("mac = @mac");
            LeaseStatements.Add(command, "@mac", mac);
        }
        if (since is { } s)
        {
            where.Add("updated_at >= @since");
            LeaseStatements.Add(command, "@since", s.ToUnixTimeSeconds());
        }
        command.CommandText = LeaseSql.Select + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "");
        var leases = new List<Lease>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            leases.Add(new Lease
            {
                Address = IPAddress.Parse(reader.GetString(0)),
                Mac = reader.GetString(1),
                ClientId = reader.IsDBNull(2) ? null : reader.GetString(2),
                Hostname = reader.IsDBNull(3) ? null : reader.GetString(3),
                State = ParseState(reader.GetString(4)),
                Expires = DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(5)),
                Updated = DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(6)),
            });
        leases.Sort((a, b) => LeaseStatements.Key(a.Address).CompareTo(LeaseStatements.Key(b.Address)));
        return leases;
    }

    private static LeaseState ParseState(string state) => state switch
    {
        "released" => LeaseState.Released,
        "declined" => LeaseState.Declined,
        _ => LeaseState.Active,
    };

    private async ValueTask DisposeWriterAsync()
    {
        if (_writer is null)
            return;
        await _writer.DisposeAsync();
        await _writer.Connection.DisposeAsync();
        _writer = null;
    }

    public virtual async ValueTask DisposeAsync()
    {
        await DisposeWriterAsync();
        _writerLock.Dispose();
        GC.SuppressFinalize(this);
    }
}
