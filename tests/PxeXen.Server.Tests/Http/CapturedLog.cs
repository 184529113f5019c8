using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PxeXen.Server.Tests.Http;

/// <summary>What the service logged (Warning and above, as TestService configures), for tests that check the operator is told.</summary>
public sealed class CapturedLog : ILoggerProvider
{
    public sealed record Entry(LogLevel Level, string Category, string Message);

    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log._entries.Enqueue(new Entry(logLevel, category, formatter(state, exception)));
    }
}
