namespace PxeXen.Server.Api;

/// <summary>The REST API under /api/v1 (docs/api.md). Reads are open; mutations need the bearer token.</summary>
public static class ApiEndpoints
{
    public const string Prefix = "/api/v1";

    public static RouteGroupBuilder MapPxeXenApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix).AddEndpointFilter<ApiTokenFilter>();
        DistroEndpoints.Map(api);
        ProfileEndpoints.Map(api);
        MachineEndpoints.Map(api);
        RenderEndpoints.Map(api);
        EventEndpoints.Map(api);
        return api;
    }
}
