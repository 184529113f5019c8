using System.Text.Json;
using System.Text.Json.Nodes;
using PxeXen.EndToEnd.Tests.Infrastructure;

namespace PxeXen.EndToEnd.Tests.Firmware;

/// <summary>
/// PxeXen's REST API (docs/api.md) as seen from inside the boot network: the service listens on
/// the bridge address in the test's namespace, which the test process cannot reach, so every call
/// is made by curl run in that namespace. Mutations carry the bearer token.
/// </summary>
public sealed class InNamespaceApi(BootNetwork network, string baseUrl, string token)
{
    public string BaseUrl { get; } = baseUrl;
    public string Token { get; } = token;

    public sealed record Response(int Status, string Body)
    {
        public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);
        public override string ToString() => $"HTTP {Status}: {Body}";
    }

    public Task<Response> GetAsync(string path) => SendAsync("GET", path, null);

    public Task<Response> PostAsync(string path, object body) => SendAsync("POST", path, body);

    public Task<Response> PutAsync(string path, object body) => SendAsync("PUT", path, body);

    /// <summary>Sends a mutation and fails the test unless it succeeded (2xx).</summary>
    public async Task<Response> MustAsync(string method, string path, object body)
    {
        var response = await SendAsync(method, path, body);
        Assert.True(response.Status is >= 200 and < 300, $"{method} {path} {JsonSerializer.Serialize(body)} answered {response}");
        return response;
    }

    public async Task<Response> SendAsync(string method, string path, object? body)
    {
        var url = path.StartsWith("http", StringComparison.Ordinal) ? path : BaseUrl.TrimEnd('/') + path;
        var arguments = new List<string> { "-sS", "-X", method, "-o", "-", "-w", "\n%{http_code}", "--max-time", "20" };
        if (method != "GET")
            arguments.AddRange(["-H", $"Authorization: Bearer {Token}"]);
        if (body is not null)
            arguments.AddRange(["-H", "Content-Type: application/json", "--data-binary", JsonSerializer.Serialize(body, JsonSerializerOptions.Web)]);
        arguments.Add(url);
        var result = await network.RunAsync(TimeSpan.FromSeconds(30), Command.Require("curl", "curl"), [.. arguments]);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"curl {method} {url} failed: {result}");
        var cut = result.StandardOutput.LastIndexOf('\n');
        return new Response(int.Parse(result.StandardOutput[(cut + 1)..].Trim()), result.StandardOutput[..cut]);
    }
}
