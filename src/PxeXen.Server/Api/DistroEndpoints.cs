using PxeXen.Inventory.Naming;
using PxeXen.Inventory.Store;
using PxeXen.Server.Api.Documents;

namespace PxeXen.Server.Api;

/// <summary>/api/v1/distros: list, create, read, replace, remove.</summary>
public static class DistroEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var distros = api.MapGroup("/distros");
        distros.MapGet("", async (IInventoryStore store, CancellationToken ct) =>
            ApiJson.Ok((await store.ListDistrosAsync(ct)).Select(DistroDocument.From)));

        distros.MapGet("/{name}", async (string name, IInventoryStore store, CancellationToken ct) =>
            Normalize(name) is { } n && await store.GetDistroAsync(n, ct) is { } distro
                ? ApiJson.Ok(DistroDocument.From(distro))
                : ApiJson.NotFound($"distro '{name}'"));

        distros.MapPost("", async (HttpRequest request, IInventoryStore store, DistroInspection inspection, CancellationToken ct) =>
        {
            var (document, error) = await ApiJson.ReadAsync<DistroDocument>(request, ct);
            if (error is not null)
                return error;
            if (document!.ToDistro(null, out var distro) is { } invalid)
                return ApiJson.BadRequest(invalid);
            distro = inspection.Inspect(distro);
            var result = await store.CreateDistroAsync(distro, ct);
            return result.Succeeded ? ApiJson.Created($"{request.PathBase}/api/v1/distros/{distro.Name}", DistroDocument.From(distro)) : ApiJson.From(result);
        });

        distros.MapPut("/{name}", async (string name, HttpRequest request, IInventoryStore store, DistroInspection inspection, CancellationToken ct) =>
        {
            var (document, error) = await ApiJson.ReadAsync<DistroDocument>(request, ct);
            if (error is not null)
                return error;
            if (document!.ToDistro(name, out var distro) is { } invalid)
                return ApiJson.BadRequest(invalid);
            // 404 before reading a kernel for a distro that is not there (and logging about it).
            if (await store.GetDistroAsync(distro.Name, ct) is null)
                return ApiJson.NotFound($"distro '{name}'");
            distro = inspection.Inspect(distro);
            var result = await store.ReplaceDistroAsync(distro, ct);
            return result.Succeeded ? ApiJson.Ok(DistroDocument.From(distro)) : ApiJson.From(result);
        });

        distros.MapDelete("/{name}", async (string name, IInventoryStore store, CancellationToken ct) =>
            Normalize(name) is { } n ? ApiJson.From(await store.DeleteDistroAsync(n, ct)) : ApiJson.NotFound($"distro '{name}'"));
    }

    internal static string? Normalize(string name) => ResourceName.TryNormalize(name, out var n, out _) ? n : null;
}
