using System.Buffers;

namespace Dataans.Server.Storage;

/// <summary>Copies a request body with a pooled buffer, failing as soon as a length limit is passed.</summary>
internal static class StreamCopy
{
    private const int BufferSize = 64 * 1024;

    /// <returns>Bytes copied.</returns>
    /// <exception cref="FileTooLargeException">More than <paramref name="maxBytes"/> arrived.</exception>
    public static async Task<long> CopyLimitedAsync(Stream source, Stream destination, long maxBytes, long maxLengthForError, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    throw new FileTooLargeException(maxLengthForError);
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
