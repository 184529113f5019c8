using System.Data.Common;
using System.Text.Json;
using PxeXen.Inventory.Distros;

namespace PxeXen.Inventory.Store.Sql;

public sealed partial class SqlInventoryStore
{
    private const string DistroColumns = "name, kernel, initrds, arch, breed, kernel_args, xen";

    public async Task<IReadOnlyList<Distro>> ListDistrosAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadDistrosAsync(connection, $"SELECT {DistroColumns} FROM distros ORDER BY name", cancellationToken);
    }

    public async Task<Distro?> GetDistroAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var found = await ReadDistrosAsync(connection, $"SELECT {DistroColumns} FROM distros WHERE name = @name", cancellationToken, ("name", name));
        return found.Count == 0 ? null : found[0];
    }

    public Task<StoreResult> CreateDistroAsync(Distro distro, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            if (await ExistsAsync(connection, transaction, "SELECT 1 FROM distros WHERE name = @name", cancellationToken, ("name", distro.Name)))
                return StoreResult.Conflict($"distro '{distro.Name}' already exists", "name");
            await ExecuteAsync(connection, transaction,
                $"INSERT INTO distros ({DistroColumns}) VALUES (@name, @kernel, @initrds, @arch, @breed, @args, @xen)",
                cancellationToken, DistroParameters(distro));
            return StoreResult.Ok;
        }, cancellationToken);

    public Task<StoreResult> ReplaceDistroAsync(Distro distro, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            var changed = await ExecuteAsync(connection, transaction,
                "UPDATE distros SET kernel = @kernel, initrds = @initrds, arch = @arch, breed = @breed, kernel_args = @args, xen = @xen WHERE name = @name",
                cancellationToken, DistroParameters(distro));
            return changed == 0 ? StoreResult.NotFound($"distro '{distro.Name}'") : StoreResult.Ok;
        }, cancellationToken);

    public Task<StoreResult> DeleteDistroAsync(string name, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            if (await ScalarAsync(connection, transaction, "SELECT name FROM profiles WHERE distro = @name ORDER BY name LIMIT 1", cancellationToken, ("name", name)) is string user)
                return StoreResult.Conflict($"distro '{name}' is used by profile '{user}'");
            var deleted = await ExecuteAsync(connection, transaction, "DELETE FROM distros WHERE name = @name", cancellationToken, ("name", name));
            return deleted == 0 ? StoreResult.NotFound($"distro '{name}'") : StoreResult.Ok;
        }, cancellationToken);

    private static (string, object?)[] DistroParameters(Distro distro) =>
    [
        ("name", distro.Name),
        ("kernel", distro.Kernel),
        ("initrds", JsonSerializer.Serialize(distro.Initrds, Json)),
        ("arch", distro.Arch),
        ("breed", distro.Breed),
        ("args", distro.KernelArgs),
        ("xen", distro.Xen is null ? null : JsonSerializer.Serialize(distro.Xen, Json)),
    ];

    private static async Task<IReadOnlyList<Distro>> ReadDistrosAsync(DbConnection connection, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var distros = new List<Distro>();
        while (await reader.ReadAsync(cancellationToken))
        {
            distros.Add(new Distro
            {
                Name = reader.GetString(0),
                Kernel = reader.GetString(1),
                Initrds = JsonSerializer.Deserialize<string[]>(reader.GetString(2), Json) ?? [],
                Arch = reader.GetString(3),
                Breed = reader.GetString(4),
                KernelArgs = reader.GetString(5),
                Xen = NullableString(reader, 6) is { } xen ? JsonSerializer.Deserialize<XenCapability>(xen, Json) : null,
            });
        }
        return distros;
    }
}
