using Microsoft.Extensions.Logging;

namespace Dataans.App;

/// <summary>
/// Source-generated log messages of the app, with stable event ids (2000–2999). Only ids, counts,
/// ports and exception type names: never note text, names, paths or secrets.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(2001, LogLevel.Information, "The app listens on 127.0.0.1:{Port}")]
    public static partial void Listening(ILogger logger, int port);

    [LoggerMessage(2002, LogLevel.Warning, "The sync status could not be read ({ExceptionType}); the settings page shows the last one")]
    public static partial void SyncStatusUnreadable(ILogger logger, string exceptionType);

    [LoggerMessage(2003, LogLevel.Debug, "An old upload folder is still in use ({ExceptionType}); it is removed at a later start")]
    public static partial void OldUploadKept(ILogger logger, string exceptionType);

    [LoggerMessage(2004, LogLevel.Information, "Removed {Count} uploads older than {Days} days")]
    public static partial void OldUploadsRemoved(ILogger logger, int count, int days);

    [LoggerMessage(2005, LogLevel.Information, "Merged the search index into one segment in {Steps} steps")]
    public static partial void SearchIndexTidied(ILogger logger, int steps);

    [LoggerMessage(2006, LogLevel.Warning, "The search index could not be tidied ({ExceptionType}); search stays correct, and it is tried again after the next change")]
    public static partial void SearchIndexTidyFailed(ILogger logger, string exceptionType);
}
