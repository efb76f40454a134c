using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Dataans.Testing;

/// <summary>
/// A logging provider that keeps every entry of every category at or above <see cref="MinimumLevel"/>
/// in memory: the formatted message, each structured value and the exception with its stack.
/// Thread-safe.
/// </summary>
public sealed class CapturedLogs(LogLevel minimumLevel) : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Text)> _entries = new();

    public LogLevel MinimumLevel { get; } = minimumLevel;

    public int Count => _entries.Count;

    public int CountAtLeast(LogLevel level) => _entries.Count(entry => entry.Level >= level);

    /// <summary>All entries, one per line, as text (what a log file of this server would hold).</summary>
    public string Text() => string.Join('\n', _entries.Select(entry => entry.Text));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner.MinimumLevel && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)}");
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (name, value) in values)
                {
                    text.Append(CultureInfo.InvariantCulture, $" {name}={value}");
                }
            }

            if (exception is not null)
            {
                text.Append('\n').Append(exception);
            }

            owner._entries.Enqueue((logLevel, text.ToString()));
        }
    }
}
