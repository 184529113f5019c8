using System.Text.Json;
using System.Text.Json.Serialization;
using PxeXen.Inventory.Store;
using PxeXen.Inventory.Validation;

namespace PxeXen.Server.Api;

/// <summary>JSON in and out of the API (camelCase) and the mapping of failures to status codes.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // A misspelt field is an error, not silently ignored.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // Quotes and '<' stay readable for curl users; the API serves JSON, never HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Reads the body, or returns a 400 naming the field JSON could not read.</summary>
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, cancellationToken);
            return value is null ? (null, BadRequest(new ValidationFailure("", "the body must be a JSON object"))) : (value, null);
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path ? path[2..] : "";
            // A syntax error's path is only where the reader stopped: say where, blame no field.
            if (!e.Message.Contains("could not be mapped", StringComparison.Ordinal) && !e.Message.Contains("could not be converted to", StringComparison.Ordinal))
                return (null, BadRequest(new ValidationFailure("", $"invalid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message.Split(" Path:", 2)[0]}")));
            var message = e.Message.Contains("could not be mapped", StringComparison.Ordinal) ? $"unknown field '{field}'"
                : field.Length > 0 ? $"'{field}' must be {Expected(e.Message)}"
                : e.Message.Split(" Path:", 2)[0];
            return (null, BadRequest(new ValidationFailure(field, $"invalid JSON: {message}")));
        }
    }

    /// <summary>What System.Text.Json wanted, in the API's words rather than .NET type names.</summary>
    private static string Expected(string message) =>
        message.Contains("System.Guid", StringComparison.Ordinal) ? "a UUID, e.g. \"b8945908-d6a6-41a9-611d-74a6ab80b83d\""
        : message.Contains("System.Boolean", StringComparison.Ordinal) ? "true or false"
        : message.Contains("System.Int", StringComparison.Ordinal) ? "a whole number"
        : message.Contains("System.String[]", StringComparison.Ordinal) || message.Contains("List`1", StringComparison.Ordinal) || message.Contains("IReadOnlyList", StringComparison.Ordinal) ? "a list of strings"
        : message.Contains("System.String", StringComparison.Ordinal) ? "a string"
        : message.Contains("Dictionary", StringComparison.Ordinal) ? "an object of string values"
        : "of another type";

    public static IResult Ok<T>(T value) => Results.Json(value, Options);

    public static IResult Created<T>(string location, T value) =>
        new CreatedJson(location, Results.Json(value, Options, statusCode: StatusCodes.Status201Created));

    public static IResult BadRequest(ValidationFailure failure) =>
        Error(StatusCodes.Status400BadRequest, failure.Error, failure.Field.Length == 0 ? null : failure.Field);

    public static IResult NotFound(string what) => Error(StatusCodes.Status404NotFound, $"{what} does not exist");

    public static IResult Error(int status, string error, string? field = null) =>
        Results.Json(new ApiError(error, field), Options, statusCode: status);

    /// <summary>A failed store mutation as the API reports it.</summary>
    public static IResult From(StoreResult result) => result.Status switch
    {
        StoreStatus.NotFound => Error(StatusCodes.Status404NotFound, result.Error ?? "not found", result.Field),
        StoreStatus.Conflict => Error(StatusCodes.Status409Conflict, result.Error ?? "conflict", result.Field),
        StoreStatus.Invalid => Error(StatusCodes.Status400BadRequest, result.Error ?? "invalid", result.Field),
        _ => Results.NoContent(),
    };

    /// <summary>201 with a Location header and the created record.</summary>
    private sealed class CreatedJson(string location, IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
