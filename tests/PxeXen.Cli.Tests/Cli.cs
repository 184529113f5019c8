namespace PxeXen.Cli.Tests;

/// <summary>Runs <c>pxexen</c> in-process against a <see cref="FakeServer"/>, capturing stdout, stderr and the exit code.</summary>
public sealed class Cli : IDisposable
{
    public FakeServer Server { get; } = new();
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Where sockets and processes are read from; by default a folder that does not exist.</summary>
    public string? ProcRoot { get; set; }

    /// <summary>Run as if stdout were a terminal (colour, progress displays).</summary>
    public bool Interactive { get; set; }

    /// <summary>An empty working directory, so no appsettings.json or data/api-token of the repo is picked up.</summary>
    public string WorkingDirectory { get; } = Directory.CreateTempSubdirectory("pxexen-cli-test-").FullName;

    public sealed record Result(int ExitCode, string Out, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
    }

    public async Task<Result> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var environment = new CliEnvironment
        {
            Out = TextWriter.Synchronized(stdout),
            Error = TextWriter.Synchronized(stderr),
            IsInteractive = Interactive,
            GetVariable = name => Environment.GetValueOrDefault(name),
            WorkingDirectory = WorkingDirectory,
            HttpHandler = Server.Handler,
            Width = 200,
            // No real sockets: what this host runs must not change what check reports in a test.
            ProcRoot = ProcRoot ?? Path.Combine(WorkingDirectory, "no-proc"),
        };
        var exitCode = await CliApp.RunAsync(args, environment, cancellationToken);
        return new Result(exitCode, stdout.ToString(), stderr.ToString());
    }

    public void Dispose()
    {
        try { Directory.Delete(WorkingDirectory, recursive: true); }
        catch (IOException) { }
    }
}
