using System.Diagnostics;
using System.Text;

namespace PxeXen.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The real boot service (<c>pxexen-server.dll</c>, built next to the tests) running as its own
/// process, optionally inside a network namespace, with settings given on the command line as an
/// operator would. Killed and its output kept for the failure message when disposed.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _readyMarker;

    private ServiceProcess(Process process, string readyMarker)
    {
        _process = process;
        _readyMarker = readyMarker;
    }

    /// <summary>Everything the service wrote so far (stdout and stderr).</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    public bool HasExited => _process.HasExited;
    public int Id => _process.Id;

    /// <param name="workingDirectory">Content root: relative settings (data, boot-images, menus) resolve here.</param>
    /// <param name="settings">Command-line settings, e.g. "--Tftp:Port=6969".</param>
    /// <param name="networkNamespace">Run inside this namespace (via ip netns exec), or null for the host.</param>
    /// <param name="readyMarker">Output text that means the service is serving.</param>
    public static async Task<ServiceProcess> StartAsync(string workingDirectory, IEnumerable<string> settings,
        string? networkNamespace = null, string readyMarker = "Application started", TimeSpan? timeout = null)
    {
        var server = Path.Combine(AppContext.BaseDirectory, "pxexen-server.dll");
        var dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        var start = new ProcessStartInfo(networkNamespace is null ? dotnet : "ip")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (networkNamespace is not null)
            foreach (var word in new[] { "netns", "exec", networkNamespace, dotnet })
                start.ArgumentList.Add(word);
        start.ArgumentList.Add(server);
        foreach (var setting in settings)
            start.ArgumentList.Add(setting);
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var service = new ServiceProcess(process, readyMarker);
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        process.Exited += (_, _) => service._ready.TrySetException(
            new InvalidOperationException($"pxexen-server exited with {process.ExitCode} before it was ready:\n{service.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await service._ready.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            await service.DisposeAsync();
            throw new TimeoutException($"pxexen-server did not print '{readyMarker}' in time:\n{service.Output}");
        }
        return service;
    }

    /// <summary>Waits until the output contains <paramref name="text"/> (for log-driven assertions).</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"'{text}' not seen in the service output:\n{Output}");
            await Task.Delay(50);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
        if (line.Contains(_readyMarker, StringComparison.Ordinal))
            _ready.TrySetResult();
    }

    /// <summary>SIGKILL, as a crash would (for durability tests).</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
