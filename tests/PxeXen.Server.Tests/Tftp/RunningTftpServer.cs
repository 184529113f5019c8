using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PxeXen.Boot.Files;
using PxeXen.Inventory.Events;
using PxeXen.Inventory.Machines;
using PxeXen.Server.Tftp;

namespace PxeXen.Server.Tests.Tftp;

/// <summary>The listener on 127.0.0.1 and a free port, serving a fresh temporary root.</summary>
internal sealed class RunningTftpServer : IAsyncDisposable
{
    private readonly TftpListener _listener;

    private RunningTftpServer(TftpListener listener, TftpRoot root, string directory, IPEndPoint endPoint, RecordingLogger logs)
    {
        _listener = listener;
        Root = root;
        Directory = directory;
        EndPoint = endPoint;
        Logs = logs;
    }

    public TftpRoot Root { get; }
    public string Directory { get; }
    public IPEndPoint EndPoint { get; }
    public RecordingLogger Logs { get; }
    public int ActiveTransfers => _listener.ActiveTransfers;

    public string Combine(string name) => Path.Combine(Directory, name);

    public static async Task<RunningTftpServer> StartAsync(Action<TftpSettings>? configure = null,
        IGeneratedFileSource? generated = null, IBootEventSink? sink = null, ILeaseAddresses? leases = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("pxxtftp-test-").FullName;
        var root = System.IO.Directory.CreateDirectory(Path.Combine(directory, "root")).FullName;
        var settings = new TftpSettings { Address = "127.0.0.1", Port = 0, Timeout = TimeSpan.FromMilliseconds(100), Retries = 4 };
        configure?.Invoke(settings);
        var options = Options.Create(settings);
        var logs = new RecordingLogger();
        var tftpRoot = new TftpRoot(root);
        var transfer = new TftpTransfer(options, tftpRoot, new InterfaceMtu(TimeProvider.System), logs.For<TftpTransfer>(), generated, sink, leases);
        var listener = new TftpListener(options, transfer, tftpRoot, logs.For<TftpListener>());
        await listener.StartAsync(CancellationToken.None);
        var endPoint = await listener.Bound.WaitAsync(TimeSpan.FromSeconds(10));
        return new RunningTftpServer(listener, tftpRoot, root, endPoint, logs);
    }

    public byte[] WriteFile(string name, int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        var path = Combine(name);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return bytes;
    }

    /// <summary>Waits until no transfer runs (they end on their own after the last ACK or the retries).</summary>
    public async Task WaitIdleAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (ActiveTransfers > 0)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{ActiveTransfers} transfers still running");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _listener.StopAsync(CancellationToken.None);
        _listener.Dispose();
        try { System.IO.Directory.Delete(Path.GetDirectoryName(Directory)!, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>Keeps every log line (any level) so tests can assert what was logged.</summary>
internal sealed class RecordingLogger
{
    private readonly List<(LogLevel Level, string Message)> _lines = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Lines { get { lock (_lines) return [.. _lines]; } }

    public ILogger<T> For<T>() => new Logger<T>(this);

    private sealed class Logger<T>(RecordingLogger owner) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner._lines)
                owner._lines.Add((logLevel, formatter(state, exception)));
        }
    }
}
