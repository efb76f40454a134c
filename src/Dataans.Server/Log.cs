namespace Dataans.Server;

/// <summary>Source-generated log messages; ids, counts, sizes and durations only, never payloads or secrets.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Storage ready: {Storage}; auth mode {AuthMode}")]
    public static partial void StorageReady(ILogger logger, string storage, string authMode);

    [LoggerMessage(2, LogLevel.Debug, "Push: {Accepted} accepted, {Duplicates} duplicates, head {Head}")]
    public static partial void Pushed(ILogger logger, int accepted, int duplicates, long head);

    [LoggerMessage(3, LogLevel.Warning, "Push rejected: operation {OperationId} already stored with a different checksum")]
    public static partial void PushConflict(ILogger logger, Guid operationId);

    [LoggerMessage(4, LogLevel.Information, "File {FileId} complete: {Length} bytes")]
    public static partial void FileCompleted(ILogger logger, Guid fileId, long length);

    [LoggerMessage(5, LogLevel.Error, "Unhandled error on {Method} {Path}")]
    public static partial void Unhandled(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(6, LogLevel.Information, "Bad request on {Method} {Path}: {Status}")]
    public static partial void BadRequest(ILogger logger, string method, string path, int status);

    [LoggerMessage(7, LogLevel.Information, "Fetched {KeyCount} Cloudflare Access signing keys")]
    public static partial void CertsFetched(ILogger logger, int keyCount);

    [LoggerMessage(8, LogLevel.Warning, "Fetching Cloudflare Access signing keys failed")]
    public static partial void CertsFetchFailed(ILogger logger, Exception exception);

    [LoggerMessage(9, LogLevel.Warning, "PostgreSQL change listener failed; retrying")]
    public static partial void ListenerFailed(ILogger logger, Exception exception);

    [LoggerMessage(10, LogLevel.Information, "Sign-in failed from {ClientAddress}: {Reason}")]
    public static partial void AuthenticationFailed(ILogger logger, string clientAddress, string reason);

    [LoggerMessage(11, LogLevel.Debug, "Event stream opened")]
    public static partial void EventStreamOpened(ILogger logger);

    [LoggerMessage(14, LogLevel.Information, "Event stream ended: its token was removed or its JWT expired")]
    public static partial void EventStreamCredentialEnded(ILogger logger);

    [LoggerMessage(12, LogLevel.Warning, "Download of file {FileId} broken off after {Sent} of {Length} bytes: the file store's stream failed or ended early (the file may have been replaced meanwhile); connection aborted")]
    public static partial void DownloadBrokenOff(ILogger logger, Exception? exception, Guid fileId, long sent, long length);

    [LoggerMessage(13, LogLevel.Warning, "{Problem} On {Method} {Path}; answered 503")]
    public static partial void StorageUnavailable(ILogger logger, Exception exception, string problem, string method, string path);

    [LoggerMessage(15, LogLevel.Information, "Device token {TokenId} revoked by its device (sign-out)")]
    public static partial void TokenRevokedByDevice(ILogger logger, long tokenId);

    [LoggerMessage(16, LogLevel.Warning, "The server's storage is full ({Reason}): {Refused} request(s) answered 507 since the last warning, the latest {Method} {Path}. Free space for the data folder or the database; clients retry on their own and nothing already stored is lost")]
    public static partial void StorageFull(ILogger logger, string reason, int refused, string method, string path);

    [LoggerMessage(17, LogLevel.Information, "{Method} {Route} by {User}: {Status} in {ElapsedMs:0.0} ms")]
    public static partial void Request(ILogger logger, string method, string route, string user, int status, double elapsedMs);

    [LoggerMessage(18, LogLevel.Debug, "{Method} {Route}: {Status} in {ElapsedMs:0.0} ms")]
    public static partial void HealthProbe(ILogger logger, string method, string route, int status, double elapsedMs);

    [LoggerMessage(19, LogLevel.Warning, "{User}'s store does not hold what a device's cursor says ({Cursor}, head {Head}: {Reason}): it was put back to an older state without its epoch rotated. Rotated the epoch, so every device compares its operations with the server's and re-uploads what was lost")]
    public static partial void EpochRotatedForUnknownCursor(ILogger logger, string user, long cursor, long head, string reason);

    [LoggerMessage(35, LogLevel.Warning, "File {FileId}: the S3 store answered the upload's part at offset {Offset} with bytes that fail their checksum ({Reason}); it and the parts after it ({Dropped} in all) were deleted, and the device sends them again")]
    public static partial void UnreadableSegmentDropped(ILogger logger, Guid fileId, long offset, int dropped, string reason);
}
