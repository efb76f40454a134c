namespace Dataans.Core.Sync;

/// <summary>Which protocol a sync speaks: our fast v2, or the seed's v1 (block hashes every time).</summary>
public enum SyncProtocol
{
    /// <summary>This app's protocol: pull after a cursor, push the outbox.</summary>
    V2,
    /// <summary>The original app's protocol: compare block hashes every time.</summary>
    V1,
}

/// <summary>What one sync run should do.</summary>
/// <param name="Verify">Also compare the whole log with the server's block hashes and repair both ways.</param>
public sealed record SyncOptions(SyncProtocol Protocol = SyncProtocol.V2, bool Verify = false);

/// <summary>Progress of a sync run, for a progress bar.</summary>
public sealed record SyncProgress(string Stage, long Done, long Total);

/// <summary>
/// A block-hash comparison of the whole log with the server (anti-entropy): how many operations each
/// side holds, how many blocks of <c>ItemsPerBlock</c> digests were compared and how many of them
/// matched, and what was repaired each way.
/// </summary>
public sealed record VerifyReport(int LocalOperations, int ServerOperations, int Blocks, int MatchingBlocks, int SentToServer, int AppliedHere)
{
    /// <summary>One sentence for the user: what was compared and what was repaired.</summary>
    public string Describe() =>
        $"verified {LocalOperations} operations here against {ServerOperations} on the server in {Blocks} block{(Blocks == 1 ? string.Empty : "s")} of digests ({MatchingBlocks} equal): "
        + (SentToServer == 0 && AppliedHere == 0 ? "nothing to repair" : $"{SentToServer} re-sent to the server, {AppliedHere} applied here");
}

/// <summary>The outcome of one sync run (counts only: never content).</summary>
public sealed record SyncResult
{
    /// <summary>True when the run finished without a failure (files included).</summary>
    public required bool Success { get; init; }

    /// <summary>One sentence: the summary on success, the reason on failure.</summary>
    public required string Message { get; init; }

    /// <summary>When the run ended.</summary>
    public required DateTimeOffset FinishedAt { get; init; }

    /// <summary>How long the run took.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Operations applied from the server.</summary>
    public int Pulled { get; init; }

    /// <summary>Operations the server accepted from this device.</summary>
    public int Pushed { get; init; }

    /// <summary>Files sent to the server.</summary>
    public int FilesUploaded { get; init; }

    /// <summary>Files received from the server.</summary>
    public int FilesDownloaded { get; init; }

    /// <summary>Files this device lacks that the server does not have yet (their device has not uploaded them); a later run fetches them.</summary>
    public int FilesAwaited { get; init; }

    /// <summary>Bytes of files sent and received.</summary>
    public long FileBytes { get; init; }

    /// <summary>Operations pulled in this run that could not be read (envelope, record, id/time or checksum check failed) and were set aside unapplied.</summary>
    public int Quarantined { get; init; }

    /// <summary>HTTP requests made.</summary>
    public int Requests { get; init; }

    /// <summary>Bytes sent and received, headers included (approximate).</summary>
    public long BytesOnWire { get; init; }

    /// <summary>True when comparing block hashes found and repaired a difference.</summary>
    public bool Repaired { get; init; }

    /// <summary>True when the run failed because the server could not be reached (this device is offline, or the server is down).</summary>
    public bool Offline { get; init; }

    /// <summary>What a block-hash comparison with the server compared and repaired, when one ran.</summary>
    public VerifyReport? Verification { get; init; }

    /// <summary>The server refused this device's credential and it could not be renewed: the user must sign in again (the key stays).</summary>
    public bool SignInRequired { get; init; }

    /// <summary>Captures from the encrypted inbox turned into notes in this run.</summary>
    public int InboxDelivered { get; init; }

    /// <summary>Sealed inbox items this device could not open; they stay on the server.</summary>
    public int InboxUnopened { get; init; }

    /// <summary>One line for the user: counts, bytes and time.</summary>
    public string Summary() =>
        $"{Pulled} ops pulled, {Pushed} pushed, {FilesUploaded + FilesDownloaded} files ({FormatBytes(FileBytes)}) moved in {Elapsed.TotalSeconds:0.0} s"
        + (FilesAwaited > 0 ? $"; {FilesAwaited} {(FilesAwaited == 1 ? "file" : "files")} not on the server yet" : string.Empty)
        + (InboxDelivered > 0 ? $"; {InboxDelivered} {(InboxDelivered == 1 ? "capture" : "captures")} delivered from the inbox" : string.Empty)
        + (InboxUnopened > 0 ? $"; {InboxUnopened} inbox {(InboxUnopened == 1 ? "item" : "items")} could not be opened and stay on the server" : string.Empty)
        + (Verification is { } verify ? "; " + verify.Describe() : string.Empty)
        + (Quarantined > 0 ? "; " + SetAsideSentence(Quarantined) : string.Empty);

    /// <summary>What a user is told about operations that could not be read, e.g. "2 operations could not be read and were set aside".</summary>
    public static string SetAsideSentence(long count) =>
        count == 1 ? "1 operation could not be read and was set aside" : $"{count} operations could not be read and were set aside";

    private static string FormatBytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.0} KiB",
        < 1024L * 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.0} MiB",
        _ => $"{bytes / (1024.0 * 1024 * 1024):0.00} GiB",
    };
}
