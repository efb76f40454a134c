using System.Security.Cryptography;
using System.Threading.Channels;
using Dataans.Core.Crypto;
using Dataans.Core.Diagnostics;
using Dataans.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Dataans.Core.Sync;

/// <summary>
/// The file half of a sync run: uploads local files the server lacks and downloads remote files
/// this device lacks, a few at a time. Bytes are encrypted as a stream (STREAM format) and every
/// transfer resumes after an interruption: uploads from the server's offset with byte-identical
/// ciphertext, downloads from the length of the partial ciphertext kept under <c>files/.sync</c>.
/// A file becomes visible only once complete and authenticated (temp + rename). With
/// <paramref name="originalFormat"/> (v1 runs) uploads use the original app's whole-file envelope instead.
/// </summary>
internal sealed partial class FileSync(DataansStore store, SyncHttpClient client, EncryptionKey key, SyncCounters counters, Action<string, long, long> report, ILogger logger, bool originalFormat = false)
{
    public const int MaxParallelTransfers = 3;

    private readonly string _transfers = Path.Combine(store.Files.Root, ".sync");
    private int _done;
    private int _known;

    public async Task RunAsync(ChannelReader<Guid> newFiles, CancellationToken cancellationToken)
    {
        PrivateDataFolder.CreateFolder(_transfers);
        using var gate = new SemaphoreSlim(MaxParallelTransfers);
        var running = new List<Task>();
        var seen = new HashSet<Guid>();
        var files = await store.FileSyncLedger.ReadFilesAsync(null, cancellationToken);
        await DiscardLeftoversAsync(files, cancellationToken);
        foreach (var file in files)
        {
            if (NeedsWork(file) && seen.Add(file.Id))
            {
                running.Add(StartAsync(file, gate, cancellationToken));
            }
        }

        // Sent again while taken up: after a restore came to light, every file is to be checked against the server once
        // more, and that may come after this run's own transfer of it has finished (a download marked it on both sides,
        // then the check unmarked it). Those are looked at again once their transfer is over.
        var again = new HashSet<Guid>();
        await foreach (var id in newFiles.ReadAllAsync(cancellationToken))
        {
            // Only files taken up are remembered: one that needed nothing at the start may need a re-upload now.
            if (seen.Contains(id))
            {
                again.Add(id);
            }
            else if ((await store.FileSyncLedger.ReadFilesAsync(id, cancellationToken)).FirstOrDefault() is { } file && NeedsWork(file) && seen.Add(id))
            {
                running.Add(StartAsync(file, gate, cancellationToken));
            }
        }

        await Task.WhenAll(running);
        running.Clear();
        foreach (var id in again)
        {
            if ((await store.FileSyncLedger.ReadFilesAsync(id, cancellationToken)).FirstOrDefault() is { } file && NeedsWork(file))
            {
                running.Add(StartAsync(file, gate, cancellationToken));
            }
        }

        await Task.WhenAll(running);
    }

    private bool NeedsWork(SyncFileInfo file) =>
        store.Files.Resolve(file.Path) is { } path && !(file.IsUploaded && File.Exists(path));

    private async Task StartAsync(SyncFileInfo file, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _known);
        var upload = false;
        await gate.WaitAsync(cancellationToken);
        try
        {
            var path = store.Files.Resolve(file.Path)!;
            upload = File.Exists(path);
            if (upload)
            {
                await UploadAsync(file.Id, path, cancellationToken);
            }
            else
            {
                await DownloadAsync(file.Id, path, cancellationToken);
            }
        }
        catch (SyncException exception)
        {
            Log.FileTransferFailed(logger, file.Id, upload ? "upload" : "download", nameof(SyncException) + "." + exception.Failure);
            counters.FileError ??= "Some files did not sync: " + exception.Message;
        }
        catch (EnvelopeAuthenticationException)
        {
            Log.FileTransferFailed(logger, file.Id, "download", nameof(EnvelopeAuthenticationException));
            counters.FileError ??= "A file downloaded from the server failed authentication (wrong key or altered data); it was not saved.";
        }
        catch (IOException exception)
        {
            Log.FileTransferFailed(logger, file.Id, upload ? "upload" : "download", exception.GetType().Name);
            counters.FileError ??= "A file could not be read or written on this device: " + exception.Message;
        }
        finally
        {
            gate.Release();
            report("Files", Interlocked.Increment(ref _done), Volatile.Read(ref _known));
        }
    }

    private async Task UploadAsync(Guid fileId, string path, CancellationToken cancellationToken)
    {
        if (originalFormat)
        {
            await UploadOriginalFormatAsync(fileId, path, cancellationToken);
            return;
        }

        var state = await client.GetFileStateAsync(fileId, cancellationToken);
        var sealedPath = Path.Combine(_transfers, fileId.ToString("N") + ".upload");
        if (state is { Complete: true })
        {
            // Left by a run that stopped after completing the upload (or after moving a download in): not needed any more.
            DiscardTransfers(fileId);
            await store.FileSyncLedger.MarkUploadedAsync(fileId, cancellationToken);
            return;
        }

        // The nonce prefix comes from the content, so every device holding this file seals the same bytes
        // and two of them uploading it at once (after a server restore) cannot splice different streams.
        byte[] contentHash;
        await using (var plaintext = File.OpenRead(path))
        {
            contentHash = await SHA256.HashDataAsync(plaintext, cancellationToken);
        }

        var headerBytes = await store.FileSyncLedger.GetOrCreateUploadHeaderAsync(fileId, () => FileCipherHeader.ForContent(key, fileId, contentHash).ToArray(), cancellationToken);
        var header = FileCipherHeader.Parse(headerBytes);
        if (!File.Exists(sealedPath))
        {
            var temp = sealedPath + ".tmp";
            await using (var plaintext = File.OpenRead(path))
            await using (var ciphertext = new FileStream(temp, PrivateDataFolder.NewFile(FileMode.Create)))
            {
                await FileCipher.EncryptAsync(key, fileId, header, plaintext, ciphertext, cancellationToken);
            }

            File.Move(temp, sealedPath, overwrite: true);
            FaultInjection.Hit("file.upload.encrypted");
        }

        var length = new FileInfo(sealedPath).Length;
        var sent = await AppendFromServerOffsetAsync(fileId, sealedPath, length, state?.Length ?? 0, cancellationToken);

        FaultInjection.Hit("file.upload.before-complete");
        sent += await CompleteAsync(fileId, sealedPath, length, cancellationToken);
        FaultInjection.Hit("file.upload.completed");
        // The sealed copy goes before the row says "uploaded": killed in between, the row still says "not
        // uploaded" and the next run asks the server, finds the file complete and marks it; the other order
        // left a sealed file that no run would ever take up again.
        DiscardTransfers(fileId);
        FaultInjection.Hit("file.upload.finishing");
        await store.FileSyncLedger.MarkUploadedAsync(fileId, cancellationToken);
        counters.AddUpload(sent);
    }

    /// <summary>
    /// Completes the upload. A <c>409 length-mismatch</c> means the server holds fewer bytes than were sent (its
    /// store lost the tail; with S3, parts that fail their checksum are dropped at completion): the rest is
    /// appended again from the server's length and completed again in this run, instead of the run reporting a
    /// failure that only the next run would mend.
    /// </summary>
    /// <returns>The bytes sent again.</returns>
    private async Task<long> CompleteAsync(Guid fileId, string sealedPath, long length, CancellationToken cancellationToken)
    {
        long resent = 0;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await client.CompleteFileAsync(fileId, length, cancellationToken);
                return resent;
            }
            catch (SyncException exception) when (exception.Failure == SyncFailure.Conflict && attempt < 3)
            {
                if (await client.GetFileStateAsync(fileId, cancellationToken) is not { Complete: false } state || state.Length >= length)
                {
                    throw;
                }

                resent += await AppendFromServerOffsetAsync(fileId, sealedPath, length, state.Length, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Appends the sealed file from the server's offset. If another device appended meanwhile (409 with
    /// the server's length), its bytes are the same as ours (content-derived header), so go on from there.
    /// </summary>
    /// <returns>The bytes this device sent.</returns>
    private async Task<long> AppendFromServerOffsetAsync(Guid fileId, string sealedPath, long length, long serverLength, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        for (var attempt = 1; ; attempt++)
        {
            var offset = Math.Min(serverLength, length);
            if (offset >= length)
            {
                return 0;
            }

            try
            {
                await using var file = File.OpenRead(sealedPath);
                file.Seek(offset, SeekOrigin.Begin);
                await using var body = FaultInjection.IsArmed ? new CrashPointStream(file, (length - offset) / 2, "file.upload.partial") : (Stream)file;
                await client.AppendFileAsync(fileId, offset, body, cancellationToken);
                return length - offset;
            }
            catch (SyncException exception) when (exception.Failure == SyncFailure.Conflict && attempt < 5)
            {
                if (await client.GetFileStateAsync(fileId, cancellationToken) is not { } state)
                {
                    throw;
                }

                if (!state.Complete && state.Length == offset)
                {
                    // Another device holds the upload at this offset and its bytes are still on the way: give it a moment.
                    await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
                }

                serverLength = state.Complete ? length : state.Length;
            }
            catch (SyncException exception) when (exception.RetryAfter is { } wait && waited < RetryAfterHandler.MaxTotalWait)
            {
                // The server's fairness limit (429): a streamed body is not sent twice by the HTTP layer, so wait here.
                wait = RetryAfterHandler.WithJitter(wait);
                await Task.Delay(wait, cancellationToken);
                waited += wait;
                serverLength = (await client.GetFileStateAsync(fileId, cancellationToken))?.Length ?? 0;
            }
        }
    }

    private async Task DownloadAsync(Guid fileId, string path, CancellationToken cancellationToken)
    {
        var partial = Path.Combine(_transfers, fileId.ToString("N") + ".download");
        long received;
        await using (var target = new FileStream(partial, PrivateDataFolder.NewFile(FileMode.Append)))
        {
            var offset = target.Length;
            await using var sink = FaultInjection.IsArmed ? new CrashPointStream(target, 64 * 1024, "file.download.partial") : (Stream)target;
            if (!await client.DownloadFileAsync(fileId, offset, sink, cancellationToken))
            {
                counters.AddAwaited(fileId); // not on the server (yet): the status shows it missing, auto sync asks again
                return;
            }

            received = target.Length - offset;
        }

        FaultInjection.Hit("file.download.downloaded");
        var plain = Path.Combine(_transfers, fileId.ToString("N") + ".plain");
        try
        {
            if (!IsStreamFormat(partial))
            {
                await DecryptOriginalFormatAsync(key, partial, plain, cancellationToken);
            }
            else
            {
                await using var ciphertext = File.OpenRead(partial);
                await using var plaintext = new FileStream(plain, PrivateDataFolder.NewFile(FileMode.Create));
                await FileCipher.DecryptAsync(key, fileId, ciphertext, plaintext, cancellationToken);
                await plaintext.FlushAsync(cancellationToken);
                plaintext.Flush(flushToDisk: true);
            }
        }
        catch (EnvelopeAuthenticationException)
        {
            File.Delete(partial); // altered or mixed-up bytes: start from scratch next time
            File.Delete(plain);
            throw;
        }

        FaultInjection.Hit("file.download.decrypted");
        if (!File.Exists(path))
        {
            File.Move(plain, path);
        }

        FaultInjection.Hit("file.download.moved");

        DiscardTransfers(fileId);
        await store.FileSyncLedger.MarkUploadedAsync(fileId, cancellationToken);
        counters.RemoveAwaited(fileId);
        counters.AddDownload(received);
    }
}
