namespace PxeXen.Server.Api;

/// <summary>Mutations need <c>Authorization: Bearer &lt;token&gt;</c>; anything else is 401.</summary>
public sealed class ApiTokenFilter(ApiToken token, ILogger<ApiTokenFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            return await next(context);
        var header = request.Headers.Authorization.ToString();
        string? reason = null;
        if (header.Length == 0)
            reason = "no Authorization header";
        else if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            reason = "Authorization is not a Bearer token";
        else if (!token.Matches(header["Bearer ".Length..].Trim()))
            reason = "wrong token";
        if (reason is null)
            return await next(context);
        ApiLog.Unauthorized(logger, request.Method, request.Path, reason);
        context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
        return ApiJson.Error(StatusCodes.Status401Unauthorized, $"{reason}: send 'Authorization: Bearer <token>' (Api:Token or <DataDirectory>/api-token)");
    }
}
