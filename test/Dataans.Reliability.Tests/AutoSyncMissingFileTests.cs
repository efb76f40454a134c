using Dataans.Core.Crypto;
using Dataans.Core.Model;
using Dataans.Core.Profile;
using Dataans.Core.Sync;
using Dataans.Reliability.Tests.Faults;
using Dataans.Reliability.Tests.Infrastructure;
using Dataans.Sync.Tests;

namespace Dataans.Reliability.Tests;

/// <summary>
/// Found by the soak: a device in auto mode that pulls an attachment's operations before the author's
/// upload has completed must fetch the bytes soon after they arrive, although a completed upload sends no
/// push notification (the operation head does not move) and the periodic sync is minutes away.
/// </summary>
public sealed class AutoSyncMissingFileTests
{
    [Fact]
    public async Task AttachmentNotYetOnServer_IsFetchedSoonAfterItArrives_WithoutANewOperation()
    {
        await using var server = await ServerProcess.StartAsync();
        var token = await server.AddUserAsync("alice");
        var key = await KeyDerivation.DeriveKeyAsync("test password", "Test-Pass-Phrase", 1_000);
        await using var author = await Device.CreateAsync();
        await using var reader = await Device.CreateAsync();
        await author.UseKeyAsync(server.BaseAddress, token, key);
        await reader.UseKeyAsync(server.BaseAddress, token, key);
        await reader.Account.SetModeAsync(SyncMode.Auto);

        var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(30_000);
        var space = await author.Store.CreateSpaceAsync("Work");
        var note = await author.Store.CreateNoteAsync(space.Id, "scan attached", [new AttachmentSource("scan.bin", _ => Task.FromResult<Stream>(new MemoryStream(bytes)))]);
        await author.SyncAsync();
        var fileId = Assert.Single(note.Files).Id;

        // The server holds the operations but (as while the author is still uploading) not the file's bytes.
        var stored = Assert.Single(Directory.GetFiles(Path.Combine(server.DataDir, "files"), fileId.ToString("D"), SearchOption.AllDirectories));
        var aside = Path.Combine(server.DataDir, "aside");
        File.Move(stored, aside);
        // Twice: the first run's other download (the space's avatar) is a local write that triggers one more run by itself.
        var missingRuns = 0;
        var missingSeen = new TaskCompletionSource();
        reader.Engine.Completed += result =>
        {
            if (result is { Success: true, FilesAwaited: > 0 } && Interlocked.Increment(ref missingRuns) == 2)
            {
                missingSeen.TrySetResult();
            }
        };
        await using var auto = new AutoSync(reader.Engine, reader.Store, reader.Profiles);
        auto.Start();
        await missingSeen.Task.WaitAsync(TimeSpan.FromSeconds(60));

        File.Move(aside, stored); // the upload completes: no new operation, so no push notification
        byte[]? received = null;
        await Eventually.WaitAsync(async () => (received = await ReadAttachmentAsync(reader, note.Id)) is not null,
            TimeSpan.FromSeconds(60), "the reader fetches the attachment after its upload completed");

        Assert.Equal(bytes, received);
        Assert.Empty(server.ErrorLines());
    }

    [Fact]
    public async Task AttachmentMissingThroughABusyStretch_IsFetchedWithinHalfAMinuteOfArriving()
    {
        await using var server = await ServerProcess.StartAsync();
        var token = await server.AddUserAsync("alice");
        var key = await KeyDerivation.DeriveKeyAsync("test password", "Test-Pass-Phrase", 1_000);
        await using var author = await Device.CreateAsync();
        await using var reader = await Device.CreateAsync();
        await author.UseKeyAsync(server.BaseAddress, token, key);
        await reader.UseKeyAsync(server.BaseAddress, token, key);
        await reader.Account.SetModeAsync(SyncMode.Auto);

        var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(30_000);
        var space = await author.Store.CreateSpaceAsync("Work");
        var note = await author.Store.CreateNoteAsync(space.Id, "scan attached", [new AttachmentSource("scan.bin", _ => Task.FromResult<Stream>(new MemoryStream(bytes)))]);
        await author.SyncAsync();
        var fileId = Assert.Single(note.Files).Id;
        var stored = Assert.Single(Directory.GetFiles(Path.Combine(server.DataDir, "files"), fileId.ToString("D"), SearchOption.AllDirectories));
        var aside = Path.Combine(server.DataDir, "aside");
        File.Move(stored, aside);

        // A busy stretch: the author keeps writing, each push wakes the reader, and each of its syncs still
        // misses the file. Ten such syncs put the plain backoff at minutes (2 s doubling, up to 5 minutes).
        var missingRuns = 0;
        reader.Engine.Completed += result =>
        {
            if (result is { Success: true, FilesAwaited: > 0 })
            {
                Interlocked.Increment(ref missingRuns);
            }
        };
        await using var auto = new AutoSync(reader.Engine, reader.Store, reader.Profiles);
        auto.Start();
        for (var i = 0; Volatile.Read(ref missingRuns) < 10; i++)
        {
            Assert.True(i < 200, $"the reader synced {missingRuns} times while the author wrote {i} notes");
            var seen = Volatile.Read(ref missingRuns);
            await author.Store.CreateNoteAsync(space.Id, $"busy {i}");
            await author.SyncAsync();
            await Eventually.WaitAsync(() => Task.FromResult(Volatile.Read(ref missingRuns) > seen), TimeSpan.FromSeconds(30), "the reader syncs after the author's push");
        }

        File.Move(aside, stored); // the upload completes: no new operation, so no push notification
        byte[]? received = null;
        await Eventually.WaitAsync(async () => (received = await ReadAttachmentAsync(reader, note.Id)) is not null,
            TimeSpan.FromSeconds(60), "the reader fetches the attachment within the awaited-file wait (30 s) of its arrival");

        Assert.Equal(bytes, received);
        Assert.Empty(server.ErrorLines());
    }

    private static async Task<byte[]?> ReadAttachmentAsync(Device device, Guid noteId)
    {
        var file = Assert.Single((await device.Store.GetNoteAsync(noteId)).Files);
        return file.Status == FileStatus.ExistAndUploaded ? await File.ReadAllBytesAsync(device.Store.Files.Resolve(file.Path)!) : null;
    }
}
