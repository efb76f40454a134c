using Dataans.Core.Crypto;
using static Dataans.Core.Tests.Crypto.FileCipherKit;

namespace Dataans.Core.Tests.Crypto;

/// <summary>A 50-byte file in 16-byte chunks: header + 3 full chunks + a 2-byte last chunk.</summary>
public sealed class FileCipherTamperTests
{
    private const int ChunkSize = 16;
    private static readonly byte[] Plaintext = Bytes(50);

    [Fact]
    public async Task DecryptAsync_EveryByteFlipped_ThrowsAuthenticationException()
    {
        var ciphertext = await EncryptAsync(Plaintext, Header(ChunkSize));

        for (var position = 0; position < ciphertext.Length; position++)
        {
            foreach (var mask in new byte[] { 0x01, 0x80 })
            {
                var altered = (byte[])ciphertext.Clone();
                altered[position] ^= mask;
                await AssertRejectedAsync(altered);
            }
        }
    }

    [Fact]
    public async Task DecryptAsync_EveryTruncation_ThrowsAuthenticationException()
    {
        var ciphertext = await EncryptAsync(Plaintext, Header(ChunkSize));

        for (var length = 0; length < ciphertext.Length; length++)
        {
            await AssertRejectedAsync(ciphertext[..length]);
        }
    }

    [Fact]
    public async Task DecryptAsync_FullLastChunkDropped_ThrowsAuthenticationException()
    {
        // 48 bytes = exactly 3 chunks: dropping the last one leaves a stream that ends on a chunk boundary.
        var ciphertext = await EncryptAsync(Bytes(48), Header(ChunkSize));
        var (header, chunks) = Split(ciphertext, ChunkSize);

        await AssertRejectedAsync(Join(header, chunks.Take(2)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(32)]
    public async Task DecryptAsync_BytesAppended_ThrowsAuthenticationException(int extra)
    {
        var ciphertext = await EncryptAsync(Plaintext, Header(ChunkSize));

        await AssertRejectedAsync([.. ciphertext, .. new byte[extra]]);
    }

    [Fact]
    public async Task DecryptAsync_ChunksReordered_ThrowsAuthenticationException()
    {
        var (header, chunks) = Split(await EncryptAsync(Plaintext, Header(ChunkSize)), ChunkSize);

        await AssertRejectedAsync(Join(header, [chunks[0], chunks[2], chunks[1], chunks[3]]));
    }

    [Fact]
    public async Task DecryptAsync_ChunkDuplicated_ThrowsAuthenticationException()
    {
        var (header, chunks) = Split(await EncryptAsync(Plaintext, Header(ChunkSize)), ChunkSize);

        await AssertRejectedAsync(Join(header, [chunks[0], chunks[1], chunks[1], chunks[2], chunks[3]]));
        await AssertRejectedAsync(Join(header, [chunks[0], chunks[1], chunks[2], chunks[3], chunks[3]]));
    }

    [Fact]
    public async Task DecryptAsync_MiddleChunkRemoved_ThrowsAuthenticationException()
    {
        var (header, chunks) = Split(await EncryptAsync(Plaintext, Header(ChunkSize)), ChunkSize);

        await AssertRejectedAsync(Join(header, [chunks[0], chunks[2], chunks[3]]));
    }

    [Fact]
    public async Task DecryptAsync_ChunkFromAnotherFileWithSameHeader_ThrowsAuthenticationException()
    {
        // Worst case: same key, same plaintext, even the same nonce prefix; only the file id differs.
        var (header, chunks) = Split(await EncryptAsync(Plaintext, Header(ChunkSize)), ChunkSize);
        var (_, foreign) = Split(await EncryptAsync(Plaintext, Header(ChunkSize), fileId: Guid.NewGuid()), ChunkSize);

        await AssertRejectedAsync(Join(header, [chunks[0], foreign[1], chunks[2], chunks[3]]));
    }

    [Fact]
    public async Task DecryptAsync_ChunkFromAnotherUploadOfTheSameFile_ThrowsAuthenticationException()
    {
        var (header, chunks) = Split(await EncryptAsync(Plaintext, Header(ChunkSize)), ChunkSize);
        var (_, other) = Split(await EncryptAsync(Plaintext, Header(ChunkSize, prefixByte: 40)), ChunkSize);

        await AssertRejectedAsync(Join(header, [chunks[0], other[1], chunks[2], chunks[3]]));
    }

    [Fact]
    public async Task DecryptAsync_WrongFileId_ThrowsAuthenticationException()
    {
        var ciphertext = await EncryptAsync(Plaintext, Header(ChunkSize));

        await AssertRejectedAsync(ciphertext, fileId: Guid.NewGuid());
    }

    [Fact]
    public async Task DecryptAsync_WrongKey_ThrowsAuthenticationException()
    {
        var ciphertext = await EncryptAsync(Plaintext, Header(ChunkSize));

        await AssertRejectedAsync(ciphertext, key: new EncryptionKey(new byte[32]));
    }

    [Fact]
    public async Task DecryptAsync_EmptyFileTruncatedToHeader_ThrowsAuthenticationException()
    {
        var ciphertext = await EncryptAsync([], Header(ChunkSize));

        Assert.Empty(await DecryptAsync(ciphertext));
        await AssertRejectedAsync(ciphertext[..FileCipherHeader.Size]);
    }

    [Theory]
    [InlineData(7, 2)]
    [InlineData(19, 1)]
    [InlineData(8, 1)]
    public async Task DecryptAsync_HeaderFieldChanged_ThrowsAuthenticationException(int position, byte value)
    {
        var ciphertext = await EncryptAsync(Plaintext, Header(ChunkSize));
        ciphertext[position] = value;

        await AssertRejectedAsync(ciphertext);
    }

    [Fact]
    public async Task DecryptAsync_ChunkSizeChangedConsistently_ThrowsAuthenticationException()
    {
        // Re-split a 16-byte-chunk stream as if it had 32-byte chunks: the header is authenticated.
        var ciphertext = await EncryptAsync(Plaintext, Header(ChunkSize));
        ciphertext[11] = 32;

        await AssertRejectedAsync(ciphertext);
    }
}
