namespace PxeXen.Server.Api;

/// <summary>The DHCP part of /api/v1: leases and explain (reads only, open like every read).</summary>
public static class DhcpApiEndpoints
{
    public static RouteGroupBuilder MapPxeXenDhcpApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(ApiEndpoints.Prefix);
        LeaseEndpoints.Map(api);
        ExplainEndpoints.Map(api);
        return api;
    }
}
