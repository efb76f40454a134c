namespace Dataans.Core.Sync;

/// <summary>A sync failure with a user-facing sentence and whether retrying later can help.</summary>
public sealed class SyncException : Exception
{
    /// <summary>A sync failure of kind <paramref name="failure"/>, described for the user by <paramref name="message"/>.</summary>
    public SyncException(SyncFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>What kind of failure this is.</summary>
    public SyncFailure Failure { get; }

    /// <summary>How long the server asked the client to wait (a 429's <c>Retry-After</c>), if it did.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The operation id a <c>409 operation-conflict</c> named (the server holds another checksum for it), if any.</summary>
    public Guid? ConflictingOperationId { get; init; }

    /// <summary>True for failures a later retry may fix (network, server errors).</summary>
    public bool IsTransient => Failure is SyncFailure.Unreachable or SyncFailure.Server;
}
