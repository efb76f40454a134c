namespace Dataans.Server.Storage;

/// <summary>An upload would grow past the server's size limit.</summary>
internal sealed class FileTooLargeException(long maxLength)
    : Exception($"Files are limited to {maxLength} bytes.")
{
    public long MaxLength { get; } = maxLength;
}
