using PxeXen.Boot.Rendering;
using PxeXen.Inventory.Store;
using PxeXen.Inventory.Validation;

namespace PxeXen.Server.Api;

/// <summary>GET /api/v1/machines/{name}/render/{kind}: what the machine would get, as text.</summary>
public static class RenderEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/machines/{name}/render/{kind}", async (string name, string kind, string? file, IInventoryStore store, MachineRenderer renderer, CancellationToken ct) =>
        {
            if (!RenderKinds.TryParse(kind, out var renderKind))
                return ApiJson.BadRequest(new ValidationFailure("kind", $"'{kind}' is not one of pxelinux, ipxe, grub, answer, xl.cfg"));
            if (DistroEndpoints.Normalize(name) is not { } n || await store.GetMachineAsync(n, ct) is not { } machine)
                return ApiJson.NotFound($"machine '{name}'");
            var outcome = await renderer.RenderAsync(machine, null, renderKind, null, null, ct, file);
            if (outcome.Succeeded)
                return Results.Text(outcome.Text!, "text/plain; charset=utf-8");
            // 404: nothing of that kind for this machine (a generic distro has no answer file);
            // 422: the machine's templates or profile chain are broken, and the error says where.
            return ApiJson.Error(outcome.Missing ? StatusCodes.Status404NotFound : StatusCodes.Status422UnprocessableEntity, outcome.Error!);
        });
    }
}
