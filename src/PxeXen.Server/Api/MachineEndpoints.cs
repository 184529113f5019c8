using PxeXen.Inventory.Naming;
using PxeXen.Inventory.Store;
using PxeXen.Inventory.Validation;
using PxeXen.Server.Api.Documents;

namespace PxeXen.Server.Api;

/// <summary>/api/v1/machines: list (by profile or MAC), create, read, replace, remove, netboot.</summary>
public static class MachineEndpoints
{
    public sealed record NetbootDocument(bool? Enabled);

    public static void Map(RouteGroupBuilder api)
    {
        var machines = api.MapGroup("/machines");
        machines.MapGet("", async (string? profile, string? mac, IInventoryStore store, CancellationToken ct) =>
        {
            string? normalizedMac = null;
            if (mac is not null && !MacAddress.TryNormalize(mac, out normalizedMac))
                return ApiJson.BadRequest(new ValidationFailure("mac", $"'{mac}' is not a MAC address"));
            var query = new MachineQuery(profile is null ? null : DistroEndpoints.Normalize(profile) ?? profile, normalizedMac);
            return ApiJson.Ok((await store.ListMachinesAsync(query, ct)).Select(MachineDocument.From));
        });

        machines.MapGet("/{name}", async (string name, IInventoryStore store, CancellationToken ct) =>
            DistroEndpoints.Normalize(name) is { } n && await store.GetMachineAsync(n, ct) is { } machine
                ? ApiJson.Ok(MachineDocument.From(machine))
                : ApiJson.NotFound($"machine '{name}'"));

        machines.MapPost("", async (HttpRequest request, IInventoryStore store, CancellationToken ct) =>
        {
            var (document, error) = await ApiJson.ReadAsync<MachineDocument>(request, ct);
            if (error is not null)
                return error;
            if (document!.ToMachine(null, out var machine) is { } invalid)
                return ApiJson.BadRequest(invalid);
            var result = await store.CreateMachineAsync(machine, ct);
            return result.Succeeded ? ApiJson.Created($"{request.PathBase}/api/v1/machines/{machine.Name}", MachineDocument.From(machine)) : ApiJson.From(result);
        });

        machines.MapPut("/{name}", async (string name, HttpRequest request, IInventoryStore store, CancellationToken ct) =>
        {
            var (document, error) = await ApiJson.ReadAsync<MachineDocument>(request, ct);
            if (error is not null)
                return error;
            if (document!.ToMachine(name, out var machine) is { } invalid)
                return ApiJson.BadRequest(invalid);
            var result = await store.ReplaceMachineAsync(machine, ct);
            return result.Succeeded ? ApiJson.Ok(MachineDocument.From(machine)) : ApiJson.From(result);
        });

        machines.MapDelete("/{name}", async (string name, IInventoryStore store, CancellationToken ct) =>
            DistroEndpoints.Normalize(name) is { } n ? ApiJson.From(await store.DeleteMachineAsync(n, ct)) : ApiJson.NotFound($"machine '{name}'"));

        machines.MapPut("/{name}/netboot", async (string name, HttpRequest request, IInventoryStore store, CancellationToken ct) =>
        {
            var (document, error) = await ApiJson.ReadAsync<NetbootDocument>(request, ct);
            if (error is not null)
                return error;
            if (document!.Enabled is not { } enabled)
                return ApiJson.BadRequest(new ValidationFailure("enabled", "enabled (true or false) is required"));
            if (DistroEndpoints.Normalize(name) is not { } n)
                return ApiJson.NotFound($"machine '{name}'");
            var result = await store.SetNetbootAsync(n, enabled, ct);
            if (!result.Succeeded)
                return ApiJson.From(result);
            return await store.GetMachineAsync(n, ct) is { } machine ? ApiJson.Ok(MachineDocument.From(machine)) : ApiJson.NotFound($"machine '{name}'");
        });
    }
}
