using System.Text;
using Dataans.Core.Crypto;
using FsCheck;
using FsCheck.Xunit;
using static Dataans.Core.Tests.Crypto.FileCipherKit;

namespace Dataans.Core.Tests.Crypto;

public sealed class FileCipherTests
{
    [Fact]
    public async Task EncryptAsync_FixedPrefixVector_MatchesDocumentedBytes()
    {
        var header = FileCipherHeader.Create(TestVectors.FileChunkSize, Convert.FromHexString(TestVectors.FileNoncePrefixHex));

        var ciphertext = await EncryptAsync(Encoding.UTF8.GetBytes(TestVectors.FilePlaintext), header);

        Assert.Equal(TestVectors.FileStreamHex, NodeCrypto.Hex(ciphertext));
    }

    [Fact]
    public async Task DecryptAsync_DocumentedVector_GivesPlaintext()
    {
        var plaintext = await DecryptAsync(Convert.FromHexString(TestVectors.FileStreamHex));

        Assert.Equal(TestVectors.FilePlaintext, Encoding.UTF8.GetString(plaintext));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(48)]
    [InlineData(50)]
    public async Task EncryptAsync_AnyLength_RoundTripsWithPredictedLength(int length)
    {
        var plaintext = Bytes(length);

        var ciphertext = await EncryptAsync(plaintext, Header(16));

        Assert.Equal(FileCipherLayout.GetCiphertextLength(length, 16), ciphertext.Length);
        Assert.Equal(plaintext, await DecryptAsync(ciphertext));
    }

    [Property(MaxTest = 100)]
    public bool EncryptAsync_RandomDataAndChunkSize_RoundTrips(byte[] plaintext, PositiveInt chunkSize)
    {
        var size = (chunkSize.Get % 64) + 1;
        var ciphertext = EncryptAsync(plaintext, Header(size)).GetAwaiter().GetResult();
        var decrypted = DecryptAsync(ciphertext).GetAwaiter().GetResult();
        return ciphertext.Length == FileCipherLayout.GetCiphertextLength(plaintext.Length, size) && decrypted.SequenceEqual(plaintext);
    }

    [Fact]
    public async Task EncryptAsync_DefaultOverload_UsesRandomPrefixAnd64KiBChunks()
    {
        using var first = new MemoryStream();
        using var second = new MemoryStream();

        var header1 = await FileCipher.EncryptAsync(Key, FileId, new MemoryStream(Bytes(10)), first);
        var header2 = await FileCipher.EncryptAsync(Key, FileId, new MemoryStream(Bytes(10)), second);

        Assert.Equal(64 * 1024, header1.ChunkSize);
        Assert.NotEqual(header1.NoncePrefix.ToArray(), header2.NoncePrefix.ToArray());
        Assert.NotEqual(first.ToArray(), second.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task DecryptFromChunkAsync_AnyStartChunk_GivesTheRestOfThePlaintext(int startChunk)
    {
        var plaintext = Bytes(50);
        var ciphertext = await EncryptAsync(plaintext, Header(16));
        var header = FileCipherHeader.Parse(ciphertext);
        var (chunk, plaintextOffset, ciphertextOffset) = FileCipherLayout.GetResumePoint((startChunk * 16) + 5, 16);
        using var output = new MemoryStream();

        await FileCipher.DecryptFromChunkAsync(Key, FileId, header, chunk, new MemoryStream(ciphertext[(int)ciphertextOffset..]), output);

        Assert.Equal(startChunk, chunk);
        Assert.Equal(plaintext[(int)plaintextOffset..], output.ToArray());
    }

    [Fact]
    public async Task DecryptFromChunkAsync_WrongChunkIndex_ThrowsAuthenticationException()
    {
        var ciphertext = await EncryptAsync(Bytes(50), Header(16));
        var header = FileCipherHeader.Parse(ciphertext);
        var offset = (int)FileCipherLayout.GetCiphertextOffset(1, 16);

        await Assert.ThrowsAsync<EnvelopeAuthenticationException>(
            () => FileCipher.DecryptFromChunkAsync(Key, FileId, header, 2, new MemoryStream(ciphertext[offset..]), Stream.Null));
    }

    [Fact]
    public async Task DecryptFromChunkAsync_HeaderOfAnotherUpload_ThrowsAuthenticationException()
    {
        var ciphertext = await EncryptAsync(Bytes(50), Header(16));
        var offset = (int)FileCipherLayout.GetCiphertextOffset(1, 16);

        await Assert.ThrowsAsync<EnvelopeAuthenticationException>(
            () => FileCipher.DecryptFromChunkAsync(Key, FileId, Header(16, prefixByte: 9), 1, new MemoryStream(ciphertext[offset..]), Stream.Null));
    }

    [Fact]
    public async Task DecryptAsync_TamperedThirdChunk_WritesOnlyTheVerifiedChunksBefore()
    {
        var plaintext = Bytes(50);
        var ciphertext = await EncryptAsync(plaintext, Header(16));
        ciphertext[(int)FileCipherLayout.GetCiphertextOffset(2, 16) + 3] ^= 1;

        var written = await AssertRejectedAsync(ciphertext);

        Assert.Equal(plaintext[..32], written);
    }

    [Fact]
    public async Task EncryptAsync_CancelledToken_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => FileCipher.EncryptAsync(Key, FileId, new MemoryStream(Bytes(10)), Stream.Null, cancellationToken: cancellation.Token));
    }

    [Fact]
    public void Layout_OffsetsAndLengths_FollowTheDocumentedFormula()
    {
        Assert.Equal(20 + 16, FileCipherLayout.GetCiphertextLength(0, 65536));
        Assert.Equal(20 + 65536 + 16, FileCipherLayout.GetCiphertextLength(65536, 65536));
        Assert.Equal(20 + 65537 + 32, FileCipherLayout.GetCiphertextLength(65537, 65536));
        Assert.Equal((1L << 30) + 20 + (16384 * 16), FileCipherLayout.GetCiphertextLength(1L << 30, 65536));
        Assert.Equal(1, FileCipherLayout.GetChunkIndex(65536, 65536));
        Assert.Equal(0, FileCipherLayout.GetChunkIndex(65535, 65536));
        Assert.Equal(20 + (3 * 65552), FileCipherLayout.GetCiphertextOffset(3, 65536));
        Assert.Equal(3 * 65536, FileCipherLayout.GetPlaintextOffset(3, 65536));
        Assert.Throws<ArgumentOutOfRangeException>(() => FileCipherLayout.GetChunkCount((1L << 32) + 1, 1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16 * 1024 * 1024 + 1)]
    public void Create_ChunkSizeOutOfRange_ThrowsArgumentOutOfRange(int chunkSize) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => FileCipherHeader.Create(chunkSize));
}
