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
        // The server holds the operations but (as while the author is still uploading) not the file's bytes.
        await using var scene = await MissingAttachment.SetUpAsync();
        var reader = scene.Reader;
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

        await scene.CompleteUploadAndAssertFetchedAsync("the reader fetches the attachment after its upload completed");
    }

    [Fact]
    public async Task AttachmentMissingThroughABusyStretch_IsFetchedWithinHalfAMinuteOfArriving()
    {
        await using var scene = await MissingAttachment.SetUpAsync();
        var (author, reader, space) = (scene.Author, scene.Reader, scene.Space);

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

        await scene.CompleteUploadAndAssertFetchedAsync("the reader fetches the attachment within the awaited-file wait (30 s) of its arrival");
    }

    /// <summary>
    /// An author's note with a 30 kB attachment synced to a real server whose copy of the bytes is set aside (as
    /// while the author is still uploading), and a reader device in auto mode (not started).
    /// </summary>
    private sealed class MissingAttachment : IAsyncDisposable
    {
        private ServerProcess _server = null!;
        private byte[] _bytes = [];
        private Guid _noteId;
        private string _stored = string.Empty;
        private string _aside = string.Empty;

        public Device Author { get; private set; } = null!;

        public Device Reader { get; private set; } = null!;

        public Space Space { get; private set; } = null!;

        public static async Task<MissingAttachment> SetUpAsync()
        {
            var scene = new MissingAttachment { _server = await ServerProcess.StartAsync() };
            var token = await scene._server.AddUserAsync("alice");
            var key = await KeyDerivation.DeriveKeyAsync("test password", "Test-Pass-Phrase", 1_000);
            scene.Author = await Device.CreateAsync();
            scene.Reader = await Device.CreateAsync();
            await scene.Author.UseKeyAsync(scene._server.BaseAddress, token, key);
            await scene.Reader.UseKeyAsync(scene._server.BaseAddress, token, key);
            await scene.Reader.Account.SetModeAsync(SyncMode.Auto);

            scene._bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(30_000);
            scene.Space = await scene.Author.Store.CreateSpaceAsync("Work");
            var note = await scene.Author.Store.CreateNoteAsync(scene.Space.Id, "scan attached", [new AttachmentSource("scan.bin", _ => Task.FromResult<Stream>(new MemoryStream(scene._bytes)))]);
            await scene.Author.SyncAsync();
            scene._noteId = note.Id;
            var fileId = Assert.Single(note.Files).Id;
            scene._stored = Assert.Single(Directory.GetFiles(Path.Combine(scene._server.DataDir, "files"), fileId.ToString("D"), SearchOption.AllDirectories));
            scene._aside = Path.Combine(scene._server.DataDir, "aside");
            File.Move(scene._stored, scene._aside);
            return scene;
        }

        /// <summary>Puts the bytes back (the upload completes: no new operation, so no push notification) and waits for the reader to have them.</summary>
        public async Task CompleteUploadAndAssertFetchedAsync(string what)
        {
            File.Move(_aside, _stored);
            byte[]? received = null;
            await Eventually.WaitAsync(async () => (received = await ReadAttachmentAsync(Reader, _noteId)) is not null, TimeSpan.FromSeconds(60), what);

            Assert.Equal(_bytes, received);
            Assert.Empty(_server.ErrorLines());
        }

        public async ValueTask DisposeAsync()
        {
            await Reader.DisposeAsync();
            await Author.DisposeAsync();
            await _server.DisposeAsync();
        }

        private static async Task<byte[]?> ReadAttachmentAsync(Device device, Guid noteId)
        {
            var file = Assert.Single((await device.Store.GetNoteAsync(noteId)).Files);
            return file.Status == FileStatus.ExistAndUploaded ? await File.ReadAllBytesAsync(device.Store.Files.Resolve(file.Path)!) : null;
        }
    }
}
