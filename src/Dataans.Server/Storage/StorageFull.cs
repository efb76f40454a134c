using Microsoft.Data.Sqlite;
using Npgsql;

namespace Dataans.Server.Storage;

/// <summary>
/// Recognises "no space left" from every store (the data folder's file system, SQLite, PostgreSQL)
/// and keeps the warning about it to one line a minute, however many requests it refuses. Thread-safe.
/// </summary>
internal sealed class StorageFull(TimeProvider timeProvider, ILogger<StorageFull> logger)
{
    private static readonly TimeSpan WarningPeriod = TimeSpan.FromMinutes(1);

    // ENOSPC and EDQUOT on Linux and macOS; ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL on Windows.
    private static readonly HashSet<int> FullHResults = [28, 122, 69, unchecked((int)0x80070070), unchecked((int)0x80070027)];

    private readonly Lock _lock = new();
    private DateTimeOffset _lastWarning = DateTimeOffset.MinValue;
    private int _refusedSinceWarning;

    /// <summary>Whether the exception (or one it wraps) says the storage has no space left.</summary>
    public static bool Is(Exception exception) => exception switch
    {
        IOException io when FullHResults.Contains(io.HResult) => true,
        SqliteException { SqliteErrorCode: 13 } => true, // SQLITE_FULL
        PostgresException { SqlState: "53100" } => true, // disk_full
        _ => exception.InnerException is { } inner && Is(inner),
    };

    /// <summary>Counts a refused request and logs a warning unless one was logged within the last minute.</summary>
    public void Refused(Exception exception, string method, string path)
    {
        int refused;
        lock (_lock)
        {
            _refusedSinceWarning++;
            var now = timeProvider.GetUtcNow();
            if (now - _lastWarning < WarningPeriod)
            {
                return;
            }

            _lastWarning = now;
            refused = _refusedSinceWarning;
            _refusedSinceWarning = 0;
        }

        Log.StorageFull(logger, Innermost(exception).Message.Split('\n')[0].Trim(), refused, method, path);
    }

    private static Exception Innermost(Exception exception) =>
        exception.InnerException is { } inner && Is(inner) ? Innermost(inner) : exception;
}
