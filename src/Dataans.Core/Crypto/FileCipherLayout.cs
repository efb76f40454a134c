namespace Dataans.Core.Crypto;

/// <summary>
/// Size and offset arithmetic of the encrypted file stream: a 20-byte header, then chunks of
/// <c>chunkSize + 16</c> bytes, the last one shorter (it holds 0 .. chunkSize plaintext bytes; it is
/// empty only when the whole file is). Pure functions, thread-safe.
/// </summary>
internal static class FileCipherLayout
{
    /// <summary>The AES-GCM tag appended to every chunk.</summary>
    public const int TagSize = 16;

    /// <summary>The most chunks a stream may have (the nonce counter is 32 bits).</summary>
    public const long MaxChunkCount = 1L << 32;

    /// <summary>How many chunks a plaintext of <paramref name="plaintextLength"/> bytes becomes (at least one).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative length, a bad chunk size, or more than 2^32 chunks.</exception>
    public static long GetChunkCount(long plaintextLength, int chunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextLength);
        CheckChunkSize(chunkSize);
        var count = plaintextLength == 0 ? 1 : ((plaintextLength - 1) / chunkSize) + 1;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxChunkCount, nameof(plaintextLength));
        return count;
    }

    /// <summary>The exact encrypted length, header included, of a plaintext of the given length.</summary>
    public static long GetCiphertextLength(long plaintextLength, int chunkSize) =>
        checked(FileCipherHeader.Size + plaintextLength + (GetChunkCount(plaintextLength, chunkSize) * TagSize));

    /// <summary>The index of the chunk that holds plaintext byte <paramref name="plaintextOffset"/>.</summary>
    public static long GetChunkIndex(long plaintextOffset, int chunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextOffset);
        CheckChunkSize(chunkSize);
        return plaintextOffset / chunkSize;
    }

    /// <summary>Where chunk <paramref name="chunkIndex"/> starts in the plaintext.</summary>
    public static long GetPlaintextOffset(long chunkIndex, int chunkSize)
    {
        CheckChunkIndex(chunkIndex);
        CheckChunkSize(chunkSize);
        return checked(chunkIndex * chunkSize);
    }

    /// <summary>Where chunk <paramref name="chunkIndex"/> starts in the ciphertext (after the header).</summary>
    public static long GetCiphertextOffset(long chunkIndex, int chunkSize)
    {
        CheckChunkIndex(chunkIndex);
        CheckChunkSize(chunkSize);
        return checked(FileCipherHeader.Size + (chunkIndex * (chunkSize + (long)TagSize)));
    }

    /// <summary>
    /// Where to resume an interrupted download when <paramref name="plaintextBytesWritten"/> bytes are
    /// already decrypted: the chunk to continue from, the plaintext length to keep (partial chunks are
    /// dropped) and the ciphertext offset to request from the server.
    /// </summary>
    public static (long ChunkIndex, long PlaintextOffset, long CiphertextOffset) GetResumePoint(
        long plaintextBytesWritten, int chunkSize)
    {
        var chunk = GetChunkIndex(plaintextBytesWritten, chunkSize);
        return (chunk, GetPlaintextOffset(chunk, chunkSize), GetCiphertextOffset(chunk, chunkSize));
    }

    private static void CheckChunkSize(int chunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chunkSize, FileCipherHeader.MaxChunkSize);
    }

    private static void CheckChunkIndex(long chunkIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chunkIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(chunkIndex, MaxChunkCount);
    }
}
