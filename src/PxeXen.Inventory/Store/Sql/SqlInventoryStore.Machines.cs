using System.Data.Common;
using System.Net;
using System.Text.Json;
using PxeXen.Inventory.Machines;

namespace PxeXen.Inventory.Store.Sql;

public sealed partial class SqlInventoryStore
{
    private const string MachineColumns = "m.name, m.profile, m.ip, m.hostname, m.gateway, m.netmask, m.uuid, m.netboot, m.variables";

    public async Task<IReadOnlyList<Machine>> ListMachinesAsync(MachineQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var where = new List<string>();
        var parameters = new List<(string, object?)>();
        if (query.Profile is not null)
        {
            where.Add("m.profile = @profile");
            parameters.Add(("profile", query.Profile));
        }
        if (query.Mac is not null)
        {
            where.Add("m.name IN (SELECT machine FROM machine_macs WHERE mac = @mac)");
            parameters.Add(("mac", query.Mac));
        }
        var filter = where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where);
        var machines = await ReadMachinesAsync(connection, null, $"SELECT {MachineColumns} FROM machines m{filter} ORDER BY m.name", cancellationToken, [.. parameters]);
        // One query for all MACs rather than one per machine (100,000 machines list in one pass).
        var macs = new Dictionary<string, List<string>>();
        await using (var command = Command(connection, null,
            $"SELECT x.machine, x.mac FROM machine_macs x JOIN machines m ON m.name = x.machine{filter} ORDER BY x.machine, x.position", [.. parameters]))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var name = reader.GetString(0);
                if (!macs.TryGetValue(name, out var list))
                    macs[name] = list = [];
                list.Add(reader.GetString(1));
            }
        }
        return machines.Select(m => m with { Macs = macs.TryGetValue(m.Name, out var list) ? list : [] }).ToArray();
    }

    public async Task<Machine?> GetMachineAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadOneMachineAsync(connection, $"SELECT {MachineColumns} FROM machines m WHERE m.name = @v", name, cancellationToken);
    }

    public async Task<Machine?> FindMachineByMacAsync(string mac, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadOneMachineAsync(connection,
            $"SELECT {MachineColumns} FROM machine_macs x JOIN machines m ON m.name = x.machine WHERE x.mac = @v", mac, cancellationToken);
    }

    public async Task<Machine?> FindMachineByIpAsync(IPAddress ip, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadOneMachineAsync(connection, $"SELECT {MachineColumns} FROM machines m WHERE m.ip = @v", ip.ToString(), cancellationToken);
    }

    public Task<StoreResult> CreateMachineAsync(Machine machine, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            if (await ExistsAsync(connection, transaction, "SELECT 1 FROM machines WHERE name = @name", cancellationToken, ("name", machine.Name)))
                return StoreResult.Conflict($"machine '{machine.Name}' already exists", "name");
            if (await CheckMachineReferencesAsync(connection, transaction, machine, cancellationToken) is { } failure)
                return failure;
            await ExecuteAsync(connection, transaction,
                "INSERT INTO machines (name, profile, ip, hostname, gateway, netmask, uuid, netboot, variables) VALUES (@name, @profile, @ip, @hostname, @gateway, @netmask, @uuid, @netboot, @variables)",
                cancellationToken, MachineParameters(machine));
            await InsertMacsAsync(connection, transaction, machine, cancellationToken);
            return StoreResult.Ok;
        }, cancellationToken);

    public Task<StoreResult> ReplaceMachineAsync(Machine machine, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            if (!await ExistsAsync(connection, transaction, "SELECT 1 FROM machines WHERE name = @name", cancellationToken, ("name", machine.Name)))
                return StoreResult.NotFound($"machine '{machine.Name}'");
            if (await CheckMachineReferencesAsync(connection, transaction, machine, cancellationToken) is { } failure)
                return failure;
            await ExecuteAsync(connection, transaction,
                "UPDATE machines SET profile = @profile, ip = @ip, hostname = @hostname, gateway = @gateway, netmask = @netmask, uuid = @uuid, netboot = @netboot, variables = @variables WHERE name = @name",
                cancellationToken, MachineParameters(machine));
            await ExecuteAsync(connection, transaction, "DELETE FROM machine_macs WHERE machine = @name", cancellationToken, ("name", machine.Name));
            await InsertMacsAsync(connection, transaction, machine, cancellationToken);
            return StoreResult.Ok;
        }, cancellationToken);

    public Task<StoreResult> DeleteMachineAsync(string name, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await ExecuteAsync(connection, transaction, "DELETE FROM machine_macs WHERE machine = @name", cancellationToken, ("name", name));
            var deleted = await ExecuteAsync(connection, transaction, "DELETE FROM machines WHERE name = @name", cancellationToken, ("name", name));
            return deleted == 0 ? StoreResult.NotFound($"machine '{name}'") : StoreResult.Ok;
        }, cancellationToken);

    public Task<StoreResult> SetNetbootAsync(string name, bool enabled, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            var changed = await ExecuteAsync(connection, transaction, "UPDATE machines SET netboot = @netboot WHERE name = @name",
                cancellationToken, ("name", name), ("netboot", enabled ? 1L : 0L));
            return changed == 0 ? StoreResult.NotFound($"machine '{name}'") : StoreResult.Ok;
        }, cancellationToken);

    /// <summary>The profile exists; no MAC or fixed IP belongs to another machine.</summary>
    private static async Task<StoreResult?> CheckMachineReferencesAsync(DbConnection connection, DbTransaction transaction, Machine machine, CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(connection, transaction, "SELECT 1 FROM profiles WHERE name = @name", cancellationToken, ("name", machine.Profile)))
            return StoreResult.Invalid($"profile '{machine.Profile}' does not exist", "profile");
        for (var i = 0; i < machine.Macs.Count; i++)
        {
            if (await ScalarAsync(connection, transaction, "SELECT machine FROM machine_macs WHERE mac = @mac AND machine <> @name",
                    cancellationToken, ("mac", machine.Macs[i]), ("name", machine.Name)) is string owner)
                return StoreResult.Conflict($"MAC {machine.Macs[i]} is already registered to machine '{owner}'", $"macs[{i}]");
        }
        if (machine.Ip is not null && await ScalarAsync(connection, transaction, "SELECT name FROM machines WHERE ip = @ip AND name <> @name",
                cancellationToken, ("ip", machine.Ip.ToString()), ("name", machine.Name)) is string holder)
            return StoreResult.Conflict($"IP {machine.Ip} is already the fixed address of machine '{holder}'", "ip");
        return null;
    }

    private static async Task InsertMacsAsync(DbConnection connection, DbTransaction transaction, Machine machine, CancellationToken cancellationToken)
    {
        for (var i = 0; i < machine.Macs.Count; i++)
            await ExecuteAsync(connection, transaction, "INSERT INTO machine_macs (mac, machine, position) VALUES (@mac, @name, @position)",
                cancellationToken, ("mac", machine.Macs[i]), ("name", machine.Name), ("position", (long)i));
    }

    private static (string, object?)[] MachineParameters(Machine machine) =>
    [
        ("name", machine.Name),
        ("profile", machine.Profile),
        ("ip", machine.Ip?.ToString()),
        ("hostname", machine.Hostname),
        ("gateway", machine.Gateway?.ToString()),
        ("netmask", machine.Netmask?.ToString()),
        ("uuid", machine.Uuid?.ToString()),
        ("netboot", machine.Netboot ? 1L : 0L),
        ("variables", JsonSerializer.Serialize(new Dictionary<string, string>(machine.Variables), Json)),
    ];

    private static async Task<Machine?> ReadOneMachineAsync(DbConnection connection, string sql, string value, CancellationToken cancellationToken)
    {
        var found = await ReadMachinesAsync(connection, null, sql, cancellationToken, ("v", value));
        if (found.Count == 0)
            return null;
        var macs = new List<string>(2);
        await using var command = Command(connection, null, "SELECT mac FROM machine_macs WHERE machine = @name ORDER BY position", ("name", found[0].Name));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            macs.Add(reader.GetString(0));
        return found[0] with { Macs = macs };
    }

    private static async Task<List<Machine>> ReadMachinesAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var machines = new List<Machine>();
        while (await reader.ReadAsync(cancellationToken))
        {
            machines.Add(new Machine
            {
                Name = reader.GetString(0),
                Macs = [],
                Profile = reader.GetString(1),
                Ip = NullableString(reader, 2) is { } ip ? IPAddress.Parse(ip) : null,
                Hostname = NullableString(reader, 3),
                Gateway = NullableString(reader, 4) is { } gateway ? IPAddress.Parse(gateway) : null,
                Netmask = NullableString(reader, 5) is { } netmask ? IPAddress.Parse(netmask) : null,
                Uuid = NullableString(reader, 6) is { } uuid ? Guid.Parse(uuid) : null,
                Netboot = Int64(reader, 7) != 0,
                Variables = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(8), Json) ?? [],
            });
        }
        return machines;
    }
}
