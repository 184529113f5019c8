using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PxeXen.Server.Settings;

namespace PxeXen.Server.Api;

/// <summary>
/// The token mutations must present. From Api:Token, or generated once into
/// &lt;DataDirectory&gt;/api-token readable by the service's user only; never "no token".
/// </summary>
public sealed class ApiToken(IOptions<ApiSettings> api, IOptions<ServiceSettings> service, ILogger<ApiToken> logger)
{
    public const string FileName = "api-token";

    private readonly Lazy<byte[]> _token = new(() => Encoding.UTF8.GetBytes(Load(api.Value, service.Value, logger)));

    /// <summary>Reads or creates the token now (at start-up, so the log says where it is).</summary>
    public void EnsureLoaded() => _ = _token.Value;

    public bool Matches(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _token.Value);

    private static string Load(ApiSettings api, ServiceSettings service, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(api.Token))
        {
            ApiLog.TokenFromSettings(logger);
            return api.Token.Trim();
        }
        var path = Path.GetFullPath(Path.Combine(service.DataDirectory, FileName));
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } existing)
        {
            ApiLog.TokenFromFile(logger, path);
            return existing;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        // Created 0600 from the start: never a moment where others can read it.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(path, options))
            stream.Write(Encoding.UTF8.GetBytes(token + "\n"));
        ApiLog.TokenCreated(logger, path);
        return token;
    }
}
