using PxeXen.Inventory.Store;
using PxeXen.Server.Api.Documents;

namespace PxeXen.Server.Api;

/// <summary>/api/v1/profiles: list, create, read, replace, remove.</summary>
public static class ProfileEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var profiles = api.MapGroup("/profiles");
        profiles.MapGet("", async (IInventoryStore store, CancellationToken ct) =>
            ApiJson.Ok((await store.ListProfilesAsync(ct)).Select(ProfileDocument.From)));

        profiles.MapGet("/{name}", async (string name, IInventoryStore store, CancellationToken ct) =>
            DistroEndpoints.Normalize(name) is { } n && await store.GetProfileAsync(n, ct) is { } profile
                ? ApiJson.Ok(ProfileDocument.From(profile))
                : ApiJson.NotFound($"profile '{name}'"));

        profiles.MapPost("", async (HttpRequest request, IInventoryStore store, CancellationToken ct) =>
        {
            var (document, error) = await ApiJson.ReadAsync<ProfileDocument>(request, ct);
            if (error is not null)
                return error;
            if (document!.ToProfile(null, out var profile) is { } invalid)
                return ApiJson.BadRequest(invalid);
            var result = await store.CreateProfileAsync(profile, ct);
            return result.Succeeded ? ApiJson.Created($"{request.PathBase}/api/v1/profiles/{profile.Name}", ProfileDocument.From(profile)) : ApiJson.From(result);
        });

        profiles.MapPut("/{name}", async (string name, HttpRequest request, IInventoryStore store, CancellationToken ct) =>
        {
            var (document, error) = await ApiJson.ReadAsync<ProfileDocument>(request, ct);
            if (error is not null)
                return error;
            if (document!.ToProfile(name, out var profile) is { } invalid)
                return ApiJson.BadRequest(invalid);
            var result = await store.ReplaceProfileAsync(profile, ct);
            return result.Succeeded ? ApiJson.Ok(ProfileDocument.From(profile)) : ApiJson.From(result);
        });

        profiles.MapDelete("/{name}", async (string name, IInventoryStore store, CancellationToken ct) =>
            DistroEndpoints.Normalize(name) is { } n ? ApiJson.From(await store.DeleteProfileAsync(n, ct)) : ApiJson.NotFound($"profile '{name}'"));
    }
}
