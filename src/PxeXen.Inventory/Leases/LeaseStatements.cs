using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using System.Text;

namespace PxeXen.Inventory.Leases;

/// <summary>
/// The statements of the commit transactions on the writer connection, prepared once and reused
/// for every commit (<see cref="Use"/> points them at the current transaction). Binds go to the
/// database as multi-row <c>INSERT ... ON CONFLICT ... RETURNING</c> chunks (one statement for up
/// to <see cref="ChunkSize"/> leases: one round trip on PostgreSQL); the returned addresses are the
/// claims that won.
/// </summary>
internal sealed class LeaseStatements(DbConnection connection) : IAsyncDisposable
{
    public const int ChunkSize = 32;
    private static readonly ConcurrentDictionary<int, string> BindTexts = new();

    private readonly HashSet<string> _chunkAddresses = new(StringComparer.Ordinal);
    private readonly List<int> _chunk = new(ChunkSize);
    private readonly HashSet<string> _won = new(StringComparer.Ordinal);
    // One prepared bind statement per row count: under load every batch size recurs.
    private readonly DbCommand?[] _binds = new DbCommand?[ChunkSize + 1];
    private DbCommand? _drop, _release, _decline;
    private DbTransaction? _transaction;

    public DbConnection Connection => connection;

    /// <summary>Points the statements at the transaction of the commit about to run.</summary>
    public void Use(DbTransaction transaction)
    {
        _transaction = transaction;
        foreach (var command in _binds)
            if (command is not null)
                command.Transaction = transaction;
        foreach (var command in new[] { _drop, _release, _decline })
            if (command is not null)
                command.Transaction = transaction;
    }

    public async ValueTask ApplyAsync(IReadOnlyList<LeaseChange> changes, bool[] results, long now, CancellationToken cancellationToken)
    {
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            if (change.Kind == LeaseChangeKind.Bind)
            {
                // An address twice in one statement is an error on PostgreSQL: start a new chunk.
                if (_chunk.Count == ChunkSize || !_chunkAddresses.Add(change.Lease.Address.ToString()))
                {
                    await FlushBindsAsync(changes, results, now, cancellationToken);
                    _chunkAddresses.Add(change.Lease.Address.ToString());
                }
                _chunk.Add(i);
                continue;
            }
            await FlushBindsAsync(changes, results, now, cancellationToken);
            results[i] = await ApplyOneAsync(change, now, cancellationToken);
        }
        await FlushBindsAsync(changes, results, now, cancellationToken);
    }

    private async ValueTask FlushBindsAsync(IReadOnlyList<LeaseChange> changes, bool[] results, long now, CancellationToken cancellationToken)
    {
        if (_chunk.Count == 0)
            return;
        var command = _binds[_chunk.Count] ??= CreateBindCommand(_chunk.Count);
        var parameters = command.Parameters;
        parameters[0].Value = now;
        for (var row = 0; row < _chunk.Count; row++)
        {
            var lease = changes[_chunk[row]].Lease;
            parameters[1 + row * 5].Value = lease.Address.ToString();
            parameters[2 + row * 5].Value = lease.Mac;
            parameters[3 + row * 5].Value = (object?)lease.ClientId ?? DBNull.Value;
            parameters[4 + row * 5].Value = (object?)lease.Hostname ?? DBNull.Value;
            parameters[5 + row * 5].Value = lease.Expires.ToUnixTimeSeconds();
        }
        _won.Clear();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                _won.Add(reader.GetString(0));
        foreach (var index in _chunk)
            results[index] = _won.Contains(changes[index].Lease.Address.ToString());
        foreach (var index in _chunk)
            if (results[index] && changes[index].Replaces is { } old && !old.Equals(changes[index].Lease.Address))
            {
                _drop ??= Create(LeaseSql.DropReplaced, "@address", "@mac");
                Set(_drop, old.ToString(), changes[index].Lease.Mac);
                await _drop.ExecuteNonQueryAsync(cancellationToken);
            }
        _chunk.Clear();
        _chunkAddresses.Clear();
    }

    private DbCommand CreateBindCommand(int rows)
    {
        var command = connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = BindTexts.GetOrAdd(rows, BuildBindText);
        Add(command, "@now", DBNull.Value);
        for (var row = 0; row < rows; row++)
            foreach (var name in (ReadOnlySpan<string>)["@a", "@m", "@c", "@h", "@e"])
                Add(command, name + row.ToString(System.Globalization.CultureInfo.InvariantCulture), DBNull.Value);
        return command;
    }

    private static string BuildBindText(int rows)
    {
        var sql = new StringBuilder(LeaseSql.BindInsert, 64 * rows + 600);
        for (var row = 0; row < rows; row++)
        {
            if (row > 0)
                sql.Append(", ");
            sql.Append(LeaseSql.BindRow(row));
        }
        return sql.Append(LeaseSql.BindConflict).ToString();
    }

    private async ValueTask<bool> ApplyOneAsync(LeaseChange change, long now, CancellationToken cancellationToken)
    {
        var lease = change.Lease;
        var address = lease.Address.ToString();
        switch (change.Kind)
        {
            case LeaseChangeKind.Release:
                _release ??= Create(LeaseSql.Release, "@address", "@mac", "@now");
                Set(_release, address, lease.Mac, now);
                return await ReturnsRowAsync(_release, cancellationToken);
            case LeaseChangeKind.Decline:
                _decline ??= Create(LeaseSql.Decline, "@address", "@mac", "@expires_at", "@now");
                Set(_decline, address, lease.Mac, lease.Expires.ToUnixTimeSeconds(), now);
                return await ReturnsRowAsync(_decline, cancellationToken);
            default:
                throw new ArgumentOutOfRangeException(nameof(change), change.Kind, "unknown lease change");
        }
    }

    private DbCommand Create(string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        foreach (var name in names)
            Add(command, name, DBNull.Value);
        return command;
    }

    private static void Set(DbCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i];
    }

    private static async ValueTask<bool> ReturnsRowAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken);
    }

    public static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>Numeric order of IPv4 addresses (the column is text, for people reading the database).</summary>
    public static uint Key(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        return address.TryWriteBytes(bytes, out _) ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : 0;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _binds.Concat([_drop, _release, _decline]))
            if (command is not null)
                await command.DisposeAsync();
    }
}
