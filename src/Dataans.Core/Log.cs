using Microsoft.Extensions.Logging;

namespace Dataans.Core;

/// <summary>
/// Source-generated log messages of Core, with stable event ids (1000–1999). Only ids, counts, sizes,
/// durations and exception type names: never note text, space or file names, paths, keys, tokens
/// or passphrases (an exception's message can hold a path, so it is not logged).
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "Database migrated: {Count} scripts applied, last {LastScript}")]
    public static partial void Migrated(ILogger logger, int count, string lastScript);

    [LoggerMessage(1002, LogLevel.Warning, "An interrupted write left {Count} files no note names; they were removed")]
    public static partial void OrphanFilesRemoved(ILogger logger, int count);

    [LoggerMessage(1010, LogLevel.Information, "Import written: {SpacesCreated} spaces created, {SpacesUpdated} updated, {NotesCreated} notes created, {NotesUpdated} updated, {FilesImported} files, {Unchanged} unchanged")]
    public static partial void Imported(ILogger logger, int spacesCreated, int spacesUpdated, int notesCreated, int notesUpdated, int filesImported, int unchanged);

    [LoggerMessage(1011, LogLevel.Information, "Import refused; nothing was changed")]
    public static partial void ImportRefused(ILogger logger);

    [LoggerMessage(1020, LogLevel.Debug, "Sync finished in {ElapsedMs} ms: {Pulled} pulled, {Pushed} pushed, {Files} files, {Requests} requests")]
    public static partial void SyncFinished(ILogger logger, long elapsedMs, int pulled, int pushed, int files, int requests);

    [LoggerMessage(1021, LogLevel.Information, "Sync failed after {ElapsedMs} ms ({Failure})")]
    public static partial void SyncFailed(ILogger logger, long elapsedMs, string failure);

    [LoggerMessage(1022, LogLevel.Warning, "File {FileId} did not {Direction}: {ExceptionType}")]
    public static partial void FileTransferFailed(ILogger logger, Guid fileId, string direction, string exceptionType);

    [LoggerMessage(1030, LogLevel.Warning, "Auto sync failed {Failures} times in a row; next attempt in {RetrySeconds:0.0} s")]
    public static partial void AutoSyncFailed(ILogger logger, int failures, double retrySeconds);

    [LoggerMessage(1033, LogLevel.Information, "An auto sync run before the planned retry failed too; the backoff stays after {Failures} failures, next attempt in {RetrySeconds:0.0} s")]
    public static partial void AutoSyncEarlyRunFailed(ILogger logger, int failures, double retrySeconds);

    [LoggerMessage(1034, LogLevel.Information, "Auto sync's event stream is open again after the last sync failed; syncing now")]
    public static partial void AutoSyncServerBack(ILogger logger);

    [LoggerMessage(1031, LogLevel.Information, "Auto sync's event stream ended ({ExceptionType}); reconnecting after failure {Failures}")]
    public static partial void AutoSyncListenerFailed(ILogger logger, string exceptionType, int failures);

    [LoggerMessage(1032, LogLevel.Error, "Auto sync run threw {ExceptionType}; the loop goes on")]
    public static partial void AutoSyncRunThrew(ILogger logger, string exceptionType);
}
