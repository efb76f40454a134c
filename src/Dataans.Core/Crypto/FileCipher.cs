using System.Buffers;

namespace Dataans.Core.Crypto;

/// <summary>
/// Encrypts and decrypts files of any size as a stream, in constant memory (two buffers of about
/// one chunk), with the format in <c>docs/formats.md</c>: a clear header, then per-chunk
/// AES-256-GCM under a per-file key (STREAM construction). It detects truncation, extension,
/// reordering, duplication and chunks moved between files, and decryption can start at any chunk.
/// Stateless and thread-safe; each call owns its streams.
/// </summary>
internal static class FileCipher
{
    /// <summary>Encrypts <paramref name="plaintext"/> (read to its end) into <paramref name="ciphertext"/>.</summary>
    /// <param name="key">The user's key.</param>
    /// <param name="fileId">The file's id; decryption must name the same id.</param>
    /// <param name="plaintext">Read from its current position to its end.</param>
    /// <param name="ciphertext">Receives the header and every chunk; not flushed or closed.</param>
    /// <param name="chunkSize">Plaintext bytes per chunk, 1 .. 16 MiB.</param>
    /// <param name="cancellationToken">Cancels between chunks.</param>
    /// <returns>The header written (its chunk size and nonce prefix).</returns>
    /// <exception cref="ArgumentOutOfRangeException">The chunk size is out of range, or the file needs more than 2^32 chunks.</exception>
    /// <exception cref="IOException">A stream failed.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static async Task<FileCipherHeader> EncryptAsync(
        EncryptionKey key,
        Guid fileId,
        Stream plaintext,
        Stream ciphertext,
        int chunkSize = FileCipherHeader.DefaultChunkSize,
        CancellationToken cancellationToken = default)
    {
        var header = FileCipherHeader.Create(chunkSize);
        await EncryptAsync(key, fileId, header, plaintext, ciphertext, cancellationToken);
        return header;
    }

    /// <summary>Encrypts with a caller-made header (fixed nonce prefix): test vectors only.</summary>
    internal static async Task EncryptAsync(
        EncryptionKey key, Guid fileId, FileCipherHeader header, Stream plaintext, Stream ciphertext, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(ciphertext);
        var chunkSize = header.ChunkSize;
        var input = ArrayPool<byte>.Shared.Rent(chunkSize + 1);
        var output = ArrayPool<byte>.Shared.Rent(chunkSize + FileCipherLayout.TagSize);
        try
        {
            using var chunks = new FileChunkCipher(key, fileId, header);
            await ciphertext.WriteAsync(header.ToArray(), cancellationToken);

            // One byte of look-ahead tells whether the chunk in hand is the last one.
            var filled = await ReadFullAsync(plaintext, input.AsMemory(0, chunkSize + 1), cancellationToken);
            for (long index = 0; ; index++)
            {
                var last = filled <= chunkSize;
                var length = last ? filled : chunkSize;
                if (index >= FileCipherLayout.MaxChunkCount)
                {
                    throw new ArgumentOutOfRangeException(nameof(plaintext), "The file needs more than 2^32 chunks at this chunk size.");
                }

                chunks.Seal(index, last, input.AsSpan(0, length), output.AsSpan(0, length + FileCipherLayout.TagSize));
                await ciphertext.WriteAsync(output.AsMemory(0, length + FileCipherLayout.TagSize), cancellationToken);
                if (last)
                {
                    return;
                }

                input[0] = input[chunkSize];
                filled = 1 + await ReadFullAsync(plaintext, input.AsMemory(1, chunkSize), cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input, clearArray: true);
            ArrayPool<byte>.Shared.Return(output);
        }
    }

    /// <summary>Reads and checks the 20-byte header at the start of <paramref name="ciphertext"/>.</summary>
    /// <exception cref="EnvelopeAuthenticationException">The stream does not start with a valid header.</exception>
    /// <exception cref="IOException">The stream failed.</exception>
    public static async Task<FileCipherHeader> ReadHeaderAsync(Stream ciphertext, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        var bytes = new byte[FileCipherHeader.Size];
        var read = await ReadFullAsync(ciphertext, bytes, cancellationToken);
        return FileCipherHeader.Parse(bytes.AsSpan(0, read));
    }

    /// <summary>
    /// Decrypts a whole encrypted file. Chunks are written to <paramref name="plaintext"/> only after
    /// they authenticate, but the file as a whole is proven complete only when this task succeeds:
    /// write to a temporary file and move it into place afterwards.
    /// </summary>
    /// <returns>The header read (keep it to resume with <see cref="DecryptFromChunkAsync"/>).</returns>
    /// <exception cref="EnvelopeAuthenticationException">Wrong key or file id, or the data is altered, truncated, extended or reordered.</exception>
    /// <exception cref="IOException">A stream failed.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static async Task<FileCipherHeader> DecryptAsync(
        EncryptionKey key, Guid fileId, Stream ciphertext, Stream plaintext, CancellationToken cancellationToken = default)
    {
        var header = await ReadHeaderAsync(ciphertext, cancellationToken);
        await DecryptFromChunkAsync(key, fileId, header, 0, ciphertext, plaintext, cancellationToken);
        return header;
    }

    /// <summary>
    /// Decrypts from chunk <paramref name="firstChunkIndex"/> to the end, for a resumed download:
    /// <paramref name="ciphertextFromChunk"/> starts at <see cref="FileCipherLayout.GetCiphertextOffset"/>
    /// of that chunk, and the header is the one read at the start of the same file.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The chunk index is negative or beyond 2^32.</exception>
    /// <exception cref="EnvelopeAuthenticationException">Wrong key, file id, header or chunk index, or the data is altered, truncated, extended or reordered.</exception>
    /// <exception cref="IOException">A stream failed.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static async Task DecryptFromChunkAsync(
        EncryptionKey key,
        Guid fileId,
        FileCipherHeader header,
        long firstChunkIndex,
        Stream ciphertextFromChunk,
        Stream plaintext,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(ciphertextFromChunk);
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentOutOfRangeException.ThrowIfNegative(firstChunkIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(firstChunkIndex, FileCipherLayout.MaxChunkCount);
        var sealedSize = header.ChunkSize + FileCipherLayout.TagSize;
        var input = ArrayPool<byte>.Shared.Rent(sealedSize + 1);
        var output = ArrayPool<byte>.Shared.Rent(header.ChunkSize);
        try
        {
            using var chunks = new FileChunkCipher(key, fileId, header);
            var filled = await ReadFullAsync(ciphertextFromChunk, input.AsMemory(0, sealedSize + 1), cancellationToken);
            for (var index = firstChunkIndex; ; index++)
            {
                var last = filled <= sealedSize;
                var length = last ? filled : sealedSize;
                if (length < FileCipherLayout.TagSize)
                {
                    throw new EnvelopeAuthenticationException("the file ends before its last chunk");
                }

                if (index >= FileCipherLayout.MaxChunkCount)
                {
                    throw new EnvelopeAuthenticationException("the file has more chunks than the format allows");
                }

                var plaintextLength = length - FileCipherLayout.TagSize;
                if (!chunks.TryOpen(index, last, input.AsSpan(0, length), output.AsSpan(0, plaintextLength)))
                {
                    throw new EnvelopeAuthenticationException($"chunk {index} fails authentication");
                }

                await plaintext.WriteAsync(output.AsMemory(0, plaintextLength), cancellationToken);
                if (last)
                {
                    return;
                }

                input[0] = input[sealedSize];
                filled = 1 + await ReadFullAsync(ciphertextFromChunk, input.AsMemory(1, sealedSize), cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
            ArrayPool<byte>.Shared.Return(output, clearArray: true);
        }
    }

    private static async ValueTask<int> ReadFullAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer[total..], cancellationToken);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
