using System.Data.Common;
using PxeXen.Inventory.Events;
using PxeXen.Inventory.Naming;
using PxeXen.Inventory.Seen;

namespace PxeXen.Inventory.Store.Sql;

public sealed partial class SqlInventoryStore
{
    public async Task<IReadOnlyList<BootEvent>> AppendEventsAsync(IReadOnlyList<BootEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
            return [];
        var stored = new List<BootEvent>(events.Count);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await Dialect.BeginRelaxedWriteAsync(connection, cancellationToken);
        await using (var insert = Command(connection, transaction,
            "INSERT INTO boot_events (mac, time_ms, stage, detail) VALUES (@mac, @time, @stage, @detail) RETURNING id",
            ("mac", ""), ("time", 0L), ("stage", ""), ("detail", null)))
        {
            foreach (var e in events)
            {
                insert.Parameters[0].Value = e.Mac;
                insert.Parameters[1].Value = e.Time.ToUnixTimeMilliseconds();
                insert.Parameters[2].Value = e.Stage;
                insert.Parameters[3].Value = (object?)e.Detail ?? DBNull.Value;
                var id = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken));
                stored.Add(e with { Id = id });
            }
        }
        // Unregistered MACs go to the seen list; what they said about themselves is kept when a
        // later event (a TFTP request, say) says nothing. An event whose MAC is unknown (a TFTP
        // transfer of a plain file records "") is kept, but "" is no machine to register.
        var macEvents = events.Where(e => MacAddress.TryNormalize(e.Mac, out var m) && m == e.Mac).ToList();
        await using (var seen = Command(connection, transaction,
            """
            INSERT INTO seen_macs (mac, first_seen_ms, last_seen_ms, arch, user_class, vendor_class)
            SELECT @mac, @time, @time, @arch, @userClass, @vendorClass
            WHERE NOT EXISTS (SELECT 1 FROM machine_macs WHERE mac = @mac)
            ON CONFLICT (mac) DO UPDATE SET
              last_seen_ms = CASE WHEN excluded.last_seen_ms > seen_macs.last_seen_ms THEN excluded.last_seen_ms ELSE seen_macs.last_seen_ms END,
              arch = COALESCE(excluded.arch, seen_macs.arch),
              user_class = COALESCE(excluded.user_class, seen_macs.user_class),
              vendor_class = COALESCE(excluded.vendor_class, seen_macs.vendor_class)
            """,
            ("mac", ""), ("time", 0L), ("arch", null), ("userClass", null), ("vendorClass", null)))
        {
            foreach (var e in macEvents)
            {
                seen.Parameters[0].Value = e.Mac;
                seen.Parameters[1].Value = e.Time.ToUnixTimeMilliseconds();
                seen.Parameters[2].Value = (object?)BootEventDetail.Value(e.Detail, "arch") ?? DBNull.Value;
                seen.Parameters[3].Value = (object?)BootEventDetail.Value(e.Detail, "userClass") ?? DBNull.Value;
                seen.Parameters[4].Value = (object?)BootEventDetail.Value(e.Detail, "vendorClass") ?? DBNull.Value;
                await seen.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    public async Task<IReadOnlyList<BootEvent>> ListEventsAsync(EventQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var where = new List<string>();
        var parameters = new List<(string, object?)> { ("limit", (long)Math.Clamp(query.Limit, 1, 100_000)) };
        if (query.Mac is not null)
        {
            where.Add("mac = @mac");
            parameters.Add(("mac", query.Mac));
        }
        if (query.Since is { } since)
        {
            where.Add("time_ms >= @since");
            parameters.Add(("since", since.ToUnixTimeMilliseconds()));
        }
        if (query.AfterId is { } after)
        {
            where.Add("id > @after");
            parameters.Add(("after", after));
        }
        var filter = where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where);
        const string columns = "id, mac, time_ms, stage, detail";
        // The newest N: taken from the end of the id index, then put back in order.
        var sql = query.Newest
            ? $"SELECT {columns} FROM (SELECT {columns} FROM boot_events{filter} ORDER BY id DESC LIMIT @limit) AS newest ORDER BY id"
            : $"SELECT {columns} FROM boot_events{filter} ORDER BY id LIMIT @limit";
        await using var command = Command(connection, null, sql, [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<BootEvent>();
        while (await reader.ReadAsync(cancellationToken))
            events.Add(new BootEvent(Int64(reader, 0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(Int64(reader, 2)), reader.GetString(3), NullableString(reader, 4)));
        return events;
    }

    /// <summary>Rows deleted per transaction when pruning: SQLite has one writer, and a DHCP storm's events wait behind it.</summary>
    public const int PruneBatch = 5_000;

    public async Task<long> PruneEventsAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var cutoff = before.ToUnixTimeMilliseconds();
        long deleted = 0;
        await using var connection = await OpenAsync(cancellationToken);
        while (true)
        {
            await using var transaction = await Dialect.BeginRelaxedWriteAsync(connection, cancellationToken);
            await using var delete = Command(connection, transaction,
                "DELETE FROM boot_events WHERE id IN (SELECT id FROM boot_events WHERE time_ms < @before ORDER BY id LIMIT @batch)",
                ("before", cutoff), ("batch", (long)PruneBatch));
            var batch = await delete.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            deleted += batch;
            if (batch < PruneBatch)
                break;
        }
        await using (var transaction = await Dialect.BeginRelaxedWriteAsync(connection, cancellationToken))
        {
            await using var seen = Command(connection, transaction, "DELETE FROM seen_macs WHERE last_seen_ms < @before", ("before", cutoff));
            await seen.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return deleted;
    }

    public async Task<IReadOnlyList<SeenMac>> ListSeenAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            """
            SELECT s.mac, s.first_seen_ms, s.last_seen_ms, s.arch, s.user_class, s.vendor_class FROM seen_macs s
            WHERE NOT EXISTS (SELECT 1 FROM machine_macs x WHERE x.mac = s.mac) ORDER BY s.last_seen_ms DESC, s.mac
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var seen = new List<SeenMac>();
        while (await reader.ReadAsync(cancellationToken))
            seen.Add(ReadSeen(reader));
        return seen;
    }

    private static SeenMac ReadSeen(DbDataReader reader) => new(
        reader.GetString(0),
        DateTimeOffset.FromUnixTimeMilliseconds(Int64(reader, 1)),
        DateTimeOffset.FromUnixTimeMilliseconds(Int64(reader, 2)),
        NullableString(reader, 3), NullableString(reader, 4), NullableString(reader, 5));
}
