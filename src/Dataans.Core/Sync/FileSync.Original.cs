using Dataans.Core.Crypto;
using Dataans.Core.Storage;

namespace Dataans.Core.Sync;

/// <summary>
/// The original app's file format on the wire: the whole file in one envelope
/// (<c>nonce || AES-256-GCM || HMAC-SHA256(key, nonce || plaintext)</c>) sent with <c>POST file/{id}</c>.
/// Runs on the v1 protocol upload it, so original clients on the same account can open every file;
/// every download reads both it and our STREAM format (told apart by the STREAM header's magic).
/// </summary>
internal sealed partial class FileSync
{
    /// <summary>The largest file a whole-file envelope carries (it is encrypted in memory, as the original does).</summary>
    public const long MaxOriginalFormatBytes = 1L << 30;

    private async Task UploadOriginalFormatAsync(Guid fileId, string path, CancellationToken cancellationToken)
    {
        if (await client.FileExistsV1Async(fileId, cancellationToken))
        {
            DiscardTransfers(fileId);
            await store.FileSyncLedger.MarkUploadedAsync(fileId, cancellationToken);
            return;
        }

        if (new FileInfo(path).Length > MaxOriginalFormatBytes)
        {
            throw new SyncException(SyncFailure.Protocol, "A file larger than 1 GiB cannot be uploaded in the original app's format; sync with the v2 protocol.");
        }

        var sealedFile = Envelope.Encrypt(key, await File.ReadAllBytesAsync(path, cancellationToken));
        await client.PostFileV1Async(fileId, sealedFile, cancellationToken);
        await store.FileSyncLedger.MarkUploadedAsync(fileId, cancellationToken);
        counters.AddUpload(sealedFile.Length);
    }

    /// <summary>True when downloaded ciphertext starts with our STREAM header rather than an original envelope's random nonce.</summary>
    private static bool IsStreamFormat(string ciphertextPath)
    {
        Span<byte> start = stackalloc byte[FileCipherHeader.Magic.Length];
        using var file = File.OpenRead(ciphertextPath);
        return file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false) == start.Length && start.SequenceEqual(FileCipherHeader.Magic);
    }

    /// <summary>Opens a whole-file envelope of the original app into <paramref name="plainPath"/>.</summary>
    /// <exception cref="EnvelopeAuthenticationException">Wrong key, altered or not an envelope.</exception>
    private static async Task DecryptOriginalFormatAsync(EncryptionKey key, string ciphertextPath, string plainPath, CancellationToken cancellationToken)
    {
        if (new FileInfo(ciphertextPath).Length > MaxOriginalFormatBytes + Envelope.Overhead)
        {
            throw new EnvelopeAuthenticationException();
        }

        var plaintext = Envelope.Decrypt(key, await File.ReadAllBytesAsync(ciphertextPath, cancellationToken));
        await using var output = new FileStream(plainPath, PrivateDataFolder.NewFile(FileMode.Create));
        await output.WriteAsync(plaintext, cancellationToken);
        await output.FlushAsync(cancellationToken);
        output.Flush(flushToDisk: true);
    }
}
