using System.Text.Json.Serialization;

namespace PxeXen.Server.Api;

/// <summary>The body of every API error: what is wrong and, when one is, the field at fault.</summary>
public sealed record ApiError(
    string Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Field = null);
