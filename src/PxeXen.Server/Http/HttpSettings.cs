using System.ComponentModel.DataAnnotations;
using System.Net;

namespace PxeXen.Server.Http;

/// <summary>Where Kestrel listens and the URL machines use to reach it.</summary>
public sealed class HttpSettings : IValidatableObject
{
    public const string Section = "Http";

    /// <summary>Ignored when <c>--urls</c> / ASPNETCORE_URLS is given.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 5000;

    /// <summary>Listen address; 0.0.0.0 for all IPv4 interfaces.</summary>
    public string Address { get; set; } = "0.0.0.0";

    /// <summary>
    /// Base URL machines fetch scripts, kernels and answer files from, e.g. <c>http://10.0.0.1:8080</c>.
    /// Empty: the address of the interface that faces the client, and <see cref="Port"/>.
    /// </summary>
    public string? BaseUrl { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPAddress.TryParse(Address, out _))
            yield return new ValidationResult($"'{Address}' is not an IP address", [nameof(Address)]);
        if (!string.IsNullOrWhiteSpace(BaseUrl) &&
            (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Query.Length > 0))
            yield return new ValidationResult($"'{BaseUrl}' is not an absolute http:// URL", [nameof(BaseUrl)]);
    }
}
