namespace Dataans.Server.Storage;

/// <summary>
/// Every user's encrypted files, streamed both ways. A file is written by appends at the current end
/// (resumable) and becomes visible once completed. Thread-safe.
/// </summary>
internal interface IFileStore
{
    Task InitializeAsync(CancellationToken cancellationToken = default);

    Task<bool> IsReadyAsync(CancellationToken cancellationToken = default);

    /// <summary>The file's state, or null when nothing was uploaded.</summary>
    Task<FileState?> GetStateAsync(string user, Guid id, CancellationToken cancellationToken = default);

    /// <summary>Appends <paramref name="body"/> at <paramref name="offset"/>, which must be the current length.</summary>
    /// <exception cref="FileOffsetException">The offset is not the current length, or the file is complete.</exception>
    /// <exception cref="FileTooLargeException">The file would exceed <paramref name="maxLength"/>.</exception>
    Task<FileState> AppendAsync(string user, Guid id, long offset, Stream body, long maxLength, CancellationToken cancellationToken = default);

    /// <summary>Marks an upload of exactly <paramref name="length"/> bytes complete; null when nothing was uploaded.</summary>
    /// <exception cref="FileOffsetException">The uploaded length differs.</exception>
    Task<FileState?> CompleteAsync(string user, Guid id, long length, CancellationToken cancellationToken = default);

    /// <summary>Stores a whole file at once, replacing any earlier one (v1).</summary>
    Task PutAsync(string user, Guid id, Stream body, long maxLength, CancellationToken cancellationToken = default);

    /// <summary>Opens <paramref name="count"/> bytes from <paramref name="offset"/> of a complete file; null when missing.</summary>
    Task<Stream?> OpenReadAsync(string user, Guid id, long offset, long count, CancellationToken cancellationToken = default);

    /// <summary>Deletes every file of the user, complete or partly uploaded; returns how many there were.</summary>
    Task<int> DeleteUserAsync(string user, CancellationToken cancellationToken = default);
}

internal sealed record FileState(long Length, bool Complete);

internal sealed class FileOffsetException(FileState current)
    : Exception($"The upload is at {current.Length} bytes (complete: {current.Complete}).")
{
    public FileState Current { get; } = current;
}

internal sealed class FileTooLargeException(long maxLength)
    : Exception($"Files are limited to {maxLength} bytes.")
{
    public long MaxLength { get; } = maxLength;
}
