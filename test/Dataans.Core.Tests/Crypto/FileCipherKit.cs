using Dataans.Core.Crypto;

namespace Dataans.Core.Tests.Crypto;

/// <summary>In-memory helpers for file stream tests (small inputs only).</summary>
internal static class FileCipherKit
{
    public static readonly EncryptionKey Key = new(Convert.FromHexString(TestVectors.KeyHex));
    public static readonly Guid FileId = Guid.Parse(TestVectors.FileId);

    public static FileCipherHeader Header(int chunkSize, byte prefixByte = 1) =>
        FileCipherHeader.Create(chunkSize, Enumerable.Range(prefixByte, FileCipherHeader.NoncePrefixSize).Select(b => (byte)b).ToArray());

    public static async Task<byte[]> EncryptAsync(byte[] plaintext, FileCipherHeader header, Guid? fileId = null, EncryptionKey? key = null)
    {
        using var output = new MemoryStream();
        await FileCipher.EncryptAsync(key ?? Key, fileId ?? FileId, header, new MemoryStream(plaintext), output);
        return output.ToArray();
    }

    public static async Task<byte[]> DecryptAsync(byte[] ciphertext, Guid? fileId = null, EncryptionKey? key = null)
    {
        using var output = new MemoryStream();
        await FileCipher.DecryptAsync(key ?? Key, fileId ?? FileId, new MemoryStream(ciphertext), output);
        return output.ToArray();
    }

    /// <summary>Decrypts and asserts the one exception type for bad data; returns what was written before it.</summary>
    public static async Task<byte[]> AssertRejectedAsync(byte[] ciphertext, Guid? fileId = null, EncryptionKey? key = null)
    {
        using var output = new MemoryStream();
        var error = await Record.ExceptionAsync(
            () => FileCipher.DecryptAsync(key ?? Key, fileId ?? FileId, new MemoryStream(ciphertext), output));
        Assert.IsType<EnvelopeAuthenticationException>(error);
        Assert.StartsWith("wrong key or altered data", error.Message, StringComparison.Ordinal);
        return output.ToArray();
    }

    /// <summary>Splits a stream into its header and its sealed chunks.</summary>
    public static (byte[] Header, List<byte[]> Chunks) Split(byte[] ciphertext, int chunkSize)
    {
        var chunks = new List<byte[]>();
        for (var at = FileCipherHeader.Size; at < ciphertext.Length; at += chunkSize + 16)
        {
            chunks.Add(ciphertext[at..Math.Min(ciphertext.Length, at + chunkSize + 16)]);
        }

        return (ciphertext[..FileCipherHeader.Size], chunks);
    }

    public static byte[] Join(byte[] header, IEnumerable<byte[]> chunks) => [.. header, .. chunks.SelectMany(c => c)];

    public static byte[] Bytes(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)(i * 7))];
}
