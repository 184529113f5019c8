using System.CommandLine;
using PxeXen.Cli.Api;
using PxeXen.Cli.Output;

namespace PxeXen.Cli.Commands;

/// <summary>One invocation: the parsed command line, where to print, and the API (made on first use).</summary>
public sealed class CliContext(ParseResult parse, GlobalOptions globals, CliEnvironment environment) : IDisposable
{
    private PxeXenApi? _api;

    public ParseResult Parse { get; } = parse;
    public CliEnvironment Environment { get; } = environment;
    public Printer Print { get; } = new(environment, parse.GetValue(globals.Json));

    public PxeXenApi Api => _api ??= new PxeXenApi(Endpoint, Environment.HttpHandler?.Invoke() ?? new SocketsHttpHandler
    {
        ConnectTimeout = TimeSpan.FromSeconds(10),
    });

    public ServerEndpoint Endpoint => field ??= ServerEndpoint.Resolve(
        Parse.GetValue(globals.Server), Parse.GetValue(globals.Token), Parse.GetValue(globals.DataDirectory), Environment);

    public T? Get<T>(Option<T> option) => Parse.GetValue(option);
    public T? Get<T>(Argument<T> argument) => Parse.GetValue(argument);

    public void Dispose() => _api?.Dispose();
}
