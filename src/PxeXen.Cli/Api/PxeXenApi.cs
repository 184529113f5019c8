using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PxeXen.Cli.Api;

/// <summary>
/// The REST API of docs/api.md as <c>pxexen</c> uses it. Bodies stay <see cref="JsonNode"/>s so
/// that <c>edit</c> (read, change, write back) keeps fields this CLI does not know about. Every
/// failure becomes a <see cref="CommandException"/> with the server's own <c>error</c> and
/// <c>field</c> and the exit code of <see cref="ExitCodes"/>.
/// </summary>
public sealed class PxeXenApi : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http;

    public PxeXenApi(ServerEndpoint endpoint, HttpMessageHandler handler)
    {
        Endpoint = endpoint;
        _http = new HttpClient(handler, disposeHandler: true) { BaseAddress = endpoint.ApiBase, Timeout = RequestTimeout };
    }

    public ServerEndpoint Endpoint { get; }

    public Task<JsonNode?> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public async Task<JsonArray> GetListAsync(string path, CancellationToken cancellationToken)
    {
        var node = await GetAsync(path, cancellationToken);
        return node as JsonArray ?? throw NotTheApi(path, "expected a JSON list");
    }

    public async Task<JsonObject> GetObjectAsync(string path, CancellationToken cancellationToken)
    {
        var node = await GetAsync(path, cancellationToken);
        return node as JsonObject ?? throw NotTheApi(path, "expected a JSON object");
    }

    public async Task<string> GetTextAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await SendRawAsync(request, path, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>POST, PUT or DELETE with the bearer token; returns the body the server sent back, if any.</summary>
    public async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await SendRawAsync(request, path, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
            return null;
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            throw NotTheApi(path, "the answer is not JSON");
        }
    }

    /// <summary>
    /// <c>GET /events/stream</c> (server-sent events): yields each <c>data:</c> payload as it arrives,
    /// until the server closes the stream or <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async IAsyncEnumerable<JsonObject> StreamAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await SendRawAsync(request, path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            // SSE (WHATWG HTML §9.2): "data:" lines accumulate, a blank line ends the event,
            // ":" lines are comments (keep-alives), other fields (id, event, retry) are not needed.
            if (line.Length == 0)
            {
                if (data.Length > 0 && TryParseObject(data.ToString()) is { } item)
                    yield return item;
                data.Clear();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                if (data.Length > 0)
                    data.Append('\n');
                data.Append(line.AsSpan(line.Length > 5 && line[5] == ' ' ? 6 : 5));
            }
        }
    }

    private static JsonObject? TryParseObject(string text)
    {
        try { return JsonNode.Parse(text) as JsonObject; }
        catch (JsonException) { return null; }
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, string path, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Get && Endpoint.Token is { } token)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException e) when (e.StatusCode is null)
        {
            throw Unreachable(Reason(e), e.InnerException is SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData }
                ? $"check the host name in {Endpoint.ServerSource}"
                : null);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unreachable($"no answer within {RequestTimeout.TotalSeconds:0} s");
        }
        if (response.IsSuccessStatusCode)
            return response;
        using (response)
            throw await RefusalAsync(request.Method, "/" + path.TrimStart('/'), response, cancellationToken);
    }

    private CommandException Unreachable(string reason, string? hint = null) => new(ExitCodes.Unreachable,
        $"cannot reach the PxeXen server at {Endpoint.ApiBase.GetLeftPart(UriPartial.Authority)} (from {Endpoint.ServerSource}): {reason}",
        hint ?? "is the service running? Point pxexen at it with --server http://HOST:PORT or PXEXEN_SERVER");

    private static string Reason(HttpRequestException e) => e.InnerException switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused",
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData } => "unknown host",
        SocketException socket => socket.Message.ToLowerInvariant(),
        { } inner => inner.Message,
        null => e.Message,
    };

    private async Task<CommandException> RefusalAsync(HttpMethod method, string path, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var (error, field) = ParseError(text);
        var status = (int)response.StatusCode;
        var what = error is null ? $"{status} {response.ReasonPhrase}" : field is null ? error : $"{error} (field '{field}')";
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new CommandException(ExitCodes.Unauthorized,
                Endpoint.Token is null ? $"the server wants a token for {method} {path}: {what}" : $"the server refused the token from {Endpoint.TokenSource}: {what}",
                Endpoint.Token is null
                    ? $"token: {Endpoint.TokenSource}. Give --token TOKEN or PXEXEN_TOKEN (the service keeps it in <data>/api-token), or --data-dir DIR"
                    : "use the token in the service's <data>/api-token or its Api:Token setting"),
            // A 404 without the API's error body means the endpoint itself is missing, not the name.
            HttpStatusCode.NotFound when error is null => NotTheApi(path, $"{status}: no such endpoint"),
            HttpStatusCode.NotFound => new CommandException(ExitCodes.NotFound, what),
            HttpStatusCode.Conflict when method == HttpMethod.Delete => new CommandException(ExitCodes.Refused, what,
                "move or remove what still uses it (e.g. pxexen machine edit NAME --profile OTHER), then remove it again"),
            HttpStatusCode.Conflict => new CommandException(ExitCodes.Refused, what, "it clashes with what is registered: list or show it first"),
            _ when status is >= 400 and < 500 => new CommandException(ExitCodes.Refused, $"the server refused {method} {path}: {what}"),
            _ => new CommandException(ExitCodes.ServerError, $"the server failed on {method} {path}: {what}", "its log says why"),
        };
    }

    private static (string? Error, string? Field) ParseError(string text)
    {
        try
        {
            if (JsonNode.Parse(text) is JsonObject body && body["error"] is JsonValue error)
                return (error.ToString(), body["field"] is JsonValue field ? field.ToString() : null);
        }
        catch (JsonException)
        {
        }
        return (null, null);
    }

    private CommandException NotTheApi(string path, string why) => new(ExitCodes.ServerError,
        $"{Endpoint.ApiBase.GetLeftPart(UriPartial.Authority)}{Endpoint.ApiBase.AbsolutePath.TrimEnd('/')}/{path.TrimStart('/')}: {why}",
        "is --server a PxeXen service of this version?");

    public void Dispose() => _http.Dispose();
}
