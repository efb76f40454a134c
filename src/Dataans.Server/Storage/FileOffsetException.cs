namespace Dataans.Server.Storage;

/// <summary>An append did not start at the upload's current end, or the upload is already complete.</summary>
internal sealed class FileOffsetException(FileState current)
    : Exception($"The upload is at {current.Length} bytes (complete: {current.Complete}).")
{
    public FileState Current { get; } = current;
}
