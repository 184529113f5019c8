using System.Data.Common;
using System.Text.Json;
using PxeXen.Inventory.Profiles;

namespace PxeXen.Inventory.Store.Sql;

public sealed partial class SqlInventoryStore
{
    /// <summary>The profile fields that are not columns, stored as one JSON document.</summary>
    private sealed record ProfileBody(
        string? KernelArgs, string? AnswerTemplate, Dictionary<string, string>? MenuTemplates,
        XenDomainSettings? Xen, Dictionary<string, string>? Variables);

    public async Task<IReadOnlyList<Profile>> ListProfilesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadProfilesAsync(connection, null, "SELECT name, distro, parent, body FROM profiles ORDER BY name", cancellationToken);
    }

    public async Task<Profile?> GetProfileAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await GetProfileAsync(connection, null, name, cancellationToken);
    }

    public async Task<IReadOnlyList<Profile>> GetProfileChainAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var chain = new List<Profile>();
        for (string? next = name; next is not null && chain.Count < ProfileChain.MaxDepth; )
        {
            var profile = await GetProfileAsync(connection, null, next, cancellationToken);
            if (profile is null)
                break;
            chain.Insert(0, profile);
            next = profile.Parent;
        }
        return chain;
    }

    public Task<StoreResult> CreateProfileAsync(Profile profile, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            if (await ExistsAsync(connection, transaction, "SELECT 1 FROM profiles WHERE name = @name", cancellationToken, ("name", profile.Name)))
                return StoreResult.Conflict($"profile '{profile.Name}' already exists", "name");
            if (await CheckProfileReferencesAsync(connection, transaction, profile, cancellationToken) is { } invalid)
                return invalid;
            await ExecuteAsync(connection, transaction,
                "INSERT INTO profiles (name, distro, parent, body) VALUES (@name, @distro, @parent, @body)",
                cancellationToken, ProfileParameters(profile));
            return StoreResult.Ok;
        }, cancellationToken);

    public Task<StoreResult> ReplaceProfileAsync(Profile profile, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            if (!await ExistsAsync(connection, transaction, "SELECT 1 FROM profiles WHERE name = @name", cancellationToken, ("name", profile.Name)))
                return StoreResult.NotFound($"profile '{profile.Name}'");
            if (await CheckProfileReferencesAsync(connection, transaction, profile, cancellationToken) is { } invalid)
                return invalid;
            await ExecuteAsync(connection, transaction,
                "UPDATE profiles SET distro = @distro, parent = @parent, body = @body WHERE name = @name",
                cancellationToken, ProfileParameters(profile));
            return StoreResult.Ok;
        }, cancellationToken);

    public Task<StoreResult> DeleteProfileAsync(string name, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            if (await ScalarAsync(connection, transaction, "SELECT name FROM machines WHERE profile = @name ORDER BY name LIMIT 1", cancellationToken, ("name", name)) is string machine)
                return StoreResult.Conflict($"profile '{name}' is used by machine '{machine}'");
            if (await ScalarAsync(connection, transaction, "SELECT name FROM profiles WHERE parent = @name ORDER BY name LIMIT 1", cancellationToken, ("name", name)) is string child)
                return StoreResult.Conflict($"profile '{name}' is the parent of profile '{child}'");
            var deleted = await ExecuteAsync(connection, transaction, "DELETE FROM profiles WHERE name = @name", cancellationToken, ("name", name));
            return deleted == 0 ? StoreResult.NotFound($"profile '{name}'") : StoreResult.Ok;
        }, cancellationToken);

    /// <summary>The distro and parent exist, the parent chain has no loop and ends in a distro.</summary>
    private static async Task<StoreResult?> CheckProfileReferencesAsync(DbConnection connection, DbTransaction transaction, Profile profile, CancellationToken cancellationToken)
    {
        if (profile.Distro is not null && !await ExistsAsync(connection, transaction, "SELECT 1 FROM distros WHERE name = @name", cancellationToken, ("name", profile.Distro)))
            return StoreResult.Invalid($"distro '{profile.Distro}' does not exist", "distro");
        var distroFound = profile.Distro is not null;
        var depth = 1;
        for (var parentName = profile.Parent; parentName is not null; depth++)
        {
            if (parentName == profile.Name)
                return StoreResult.Invalid($"parent '{profile.Parent}' would make a loop back to '{profile.Name}'", "parent");
            if (depth >= ProfileChain.MaxDepth)
                return StoreResult.Invalid($"profile chain is deeper than {ProfileChain.MaxDepth}", "parent");
            var parent = await GetProfileAsync(connection, transaction, parentName, cancellationToken);
            if (parent is null)
                return StoreResult.Invalid($"parent profile '{parentName}' does not exist", "parent");
            distroFound |= parent.Distro is not null;
            parentName = parent.Parent;
        }
        return distroFound ? null : StoreResult.Invalid($"neither profile '{profile.Name}' nor its parents name a distro", "distro");
    }

    private static (string, object?)[] ProfileParameters(Profile profile) =>
    [
        ("name", profile.Name),
        ("distro", profile.Distro),
        ("parent", profile.Parent),
        ("body", JsonSerializer.Serialize(new ProfileBody(profile.KernelArgs, profile.AnswerTemplate,
            new Dictionary<string, string>(profile.MenuTemplates), profile.Xen, new Dictionary<string, string>(profile.Variables)), Json)),
    ];

    private static async Task<Profile?> GetProfileAsync(DbConnection connection, DbTransaction? transaction, string name, CancellationToken cancellationToken)
    {
        var found = await ReadProfilesAsync(connection, transaction, "SELECT name, distro, parent, body FROM profiles WHERE name = @name", cancellationToken, ("name", name));
        return found.Count == 0 ? null : found[0];
    }

    private static async Task<IReadOnlyList<Profile>> ReadProfilesAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var profiles = new List<Profile>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var body = JsonSerializer.Deserialize<ProfileBody>(reader.GetString(3), Json)!;
            profiles.Add(new Profile
            {
                Name = reader.GetString(0),
                Distro = NullableString(reader, 1),
                Parent = NullableString(reader, 2),
                KernelArgs = body.KernelArgs,
                AnswerTemplate = body.AnswerTemplate,
                MenuTemplates = body.MenuTemplates ?? [],
                Xen = body.Xen,
                Variables = body.Variables ?? [],
            });
        }
        return profiles;
    }
}
