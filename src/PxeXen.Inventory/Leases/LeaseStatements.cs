using System.Buffers.Binary;
using System.Data.Common;
using System.Net;

namespace PxeXen.Inventory.Leases;

/// <summary>The prepared statements of one commit transaction, reused for every change in the batch.</summary>
internal sealed class LeaseStatements(DbConnection connection, DbTransaction transaction) : IAsyncDisposable
{
    private DbCommand? _bind, _drop, _release, _decline;

    public async ValueTask<bool> ApplyAsync(LeaseChange change, long now, CancellationToken cancellationToken)
    {
        var lease = change.Lease;
        var address = lease.Address.ToString();
        switch (change.Kind)
        {
            case LeaseChangeKind.Bind:
                _bind ??= Create(LeaseSql.Bind, "@address", "@mac", "@client_id", "@hostname", "@expires_at", "@now");
                Set(_bind, address, lease.Mac, (object?)lease.ClientId ?? DBNull.Value, (object?)lease.Hostname ?? DBNull.Value,
                    lease.Expires.ToUnixTimeSeconds(), now);
                if (!await ReturnsRowAsync(_bind, cancellationToken))
                    return false;
                _drop ??= Create(LeaseSql.DropOtherAddresses, "@mac", "@address");
                Set(_drop, lease.Mac, address);
                await _drop.ExecuteNonQueryAsync(cancellationToken);
                return true;
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
        command.Transaction = transaction;
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
        foreach (var command in new[] { _bind, _drop, _release, _decline })
            if (command is not null)
                await command.DisposeAsync();
    }
}
