using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PxeXen.Cli.Tests;

/// <summary>
/// A named fake of the PxeXen REST API: canned answers per "METHOD path", every request recorded
/// (with its body and Authorization header) so tests see exactly what the CLI sent.
/// </summary>
public sealed class FakeServer
{
    public sealed record Request(HttpMethod Method, string PathAndQuery, string? Body, string? Authorization);

    private readonly Dictionary<string, Func<Request, HttpResponseMessage>> _routes = new(StringComparer.Ordinal);

    public List<Request> Requests { get; } = [];

    /// <summary>When set, every request fails as a refused TCP connection does.</summary>
    public bool Down { get; set; }

    public FakeServer On(string method, string path, HttpStatusCode status, string body, string contentType = "application/json")
    {
        _routes[$"{method} {path}"] = _ => new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        return this;
    }

    public FakeServer On(string method, string path, Func<Request, HttpResponseMessage> answer)
    {
        _routes[$"{method} {path}"] = answer;
        return this;
    }

    public FakeServer Json(string method, string path, string body) => On(method, path, HttpStatusCode.OK, body);

    public Request Single(string method, string path) => Assert.Single(Requests, r => r.Method.Method == method && r.PathAndQuery == path);

    public HttpMessageHandler Handler() => new Responder(this);

    private sealed class Responder(FakeServer server) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (server.Down)
                throw new HttpRequestException("Connection refused (127.0.0.1:5000)", new SocketException((int)SocketError.ConnectionRefused));
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            var path = request.RequestUri!.PathAndQuery;
            const string prefix = "/api/v1";
            if (path.StartsWith(prefix, StringComparison.Ordinal))
                path = path[prefix.Length..];
            var recorded = new Request(request.Method, path, body, request.Headers.Authorization?.ToString());
            lock (server.Requests)
                server.Requests.Add(recorded);
            var key = $"{request.Method.Method} {path}";
            if (server._routes.TryGetValue(key, out var answer))
                return answer(recorded);
            // Like ASP.NET for a route it does not have: 404 without the API's error body.
            return new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("") };
        }
    }
}
