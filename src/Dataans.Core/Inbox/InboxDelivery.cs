using System.Security.Cryptography;
using System.Text;
using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Contracts.Sync;
using Dataans.Core.Crypto;
using Dataans.Core.Diagnostics;
using Dataans.Core.Storage;
using Dataans.Core.Sync;

namespace Dataans.Core.Inbox;

/// <summary>
/// One sync run's side of the encrypted inbox: makes sure the account has an inbox key (created once,
/// its private half sealed in the account's envelope), opens the sealed items waiting on the server and
/// writes each as a note with derived ids (so a second delivery, here or on another device, is a
/// duplicate, never a second note). The items are deleted by <see cref="DeleteDeliveredAsync"/> only
/// after the run pushed the notes' operations and files. Not thread-safe (one per run).
/// </summary>
internal sealed class InboxDelivery(DataansStore store, SyncHttpClient client, EncryptionKey accountKey)
{
    private readonly List<Guid> _delivered = [];
    private bool _ran;

    /// <summary>Items that could not be opened in this run, with the reason.</summary>
    public List<(Guid Id, string Reason)> Unopened { get; } = [];

    /// <summary>Files named by the notes this run wrote (for the run's file sync to upload).</summary>
    public List<Guid> NewFiles { get; } = [];

    /// <summary>How many notes this run wrote (items whose note this device already held are not counted).</summary>
    public int Written { get; private set; }

    /// <summary>
    /// The account's inbox key, created and published by the first device that finds none (a device
    /// that loses that race gets the winner's key back); remembered locally so later runs ask nothing.
    /// </summary>
    public async Task<(InboxKeyPair Pair, InboxKey Key)> EnsureKeyAsync(CancellationToken cancellationToken)
    {
        var key = await client.GetInboxKeyAsync(cancellationToken);
        if (key is null)
        {
            using var created = InboxKeyPair.Create();
            key = await client.PutInboxKeyAsync(InboxKeyRecord.Seal(accountKey, created), cancellationToken);
        }

        var pair = InboxKeyRecord.Open(accountKey, key);
        await store.SyncLedger.WriteInboxKeyAsync(Convert.ToBase64String(key.PublicKey), cancellationToken);
        return (pair, key);
    }

    /// <summary>Creates the inbox key on the account's first sync from any device (once; later runs only read a local mark).</summary>
    public async Task EnsureKeyOnceAsync(CancellationToken cancellationToken)
    {
        if (await store.SyncLedger.ReadInboxKeyAsync(cancellationToken) is not null)
        {
            return;
        }

        try
        {
            (await EnsureKeyAsync(cancellationToken)).Pair.Dispose();
        }
        catch (SyncException exception) when (exception.Failure == SyncFailure.Protocol)
        {
            // A server without the inbox routes: sync works without an inbox; asked again next run.
        }
        catch (InboxFormatException)
        {
            // The key on the server is not this account key's (e.g. a new passphrase on a kept server):
            // sync goes on; waiting items are reported as unopened by DeliverAsync.
        }
    }

    /// <summary>Opens every waiting item and writes its note; an item that cannot be opened is kept and listed in <see cref="Unopened"/>.</summary>
    public async Task DeliverAsync(CancellationToken cancellationToken)
    {
        if (_ran)
        {
            return; // once per run: a second pull in the same run still sees the items this run delivered
        }

        _ran = true;
        var list = await client.ListInboxItemsAsync(cancellationToken);
        if (list.Items.Count == 0)
        {
            return;
        }

        InboxKeyPair pair;
        InboxKey key;
        try
        {
            (pair, key) = await EnsureKeyAsync(cancellationToken);
        }
        catch (InboxFormatException exception)
        {
            Unopened.AddRange(list.Items.Select(item => (item.Id, exception.Message)));
            return;
        }

        using (pair)
        {
            var space = InboxSpaceFor(key);
            var target = await TargetSpaceAsync(key, cancellationToken);
            foreach (var item in list.Items)
            {
                var sealedItem = await client.GetInboxItemAsync(item.Id, cancellationToken);
                if (sealedItem is null)
                {
                    continue; // another device delivered and deleted it meanwhile
                }

                CaptureContent content;
                try
                {
                    var (itemId, bytes) = InboxSeal.Open(pair, sealedItem);
                    if (itemId != item.Id)
                    {
                        throw new InboxFormatException("the item's id differs from the id the server stored it under");
                    }

                    content = CaptureContent.Decode(bytes);
                }
                catch (InboxFormatException exception)
                {
                    Unopened.Add((item.Id, exception.Message));
                    continue;
                }

                FaultInjection.Hit("inbox.item.opened"); // pulled and opened, its note not yet written
                var note = NoteFor(item, sealedItem, content, space, target);
                if (await store.WriteInboxNoteAsync(note, cancellationToken))
                {
                    Written++;
                    if (note.Space is not null)
                    {
                        NewFiles.Add(space.CreateAvatar.File.Id);
                    }

                    NewFiles.AddRange(note.Files.Select(file => file.File.File.Id));
                }

                FaultInjection.Hit("inbox.note.written");
                _delivered.Add(item.Id);
            }
        }
    }

    /// <summary>Deletes the delivered items from the server; call only after their notes' operations and files are on the server.</summary>
    public async Task DeleteDeliveredAsync(CancellationToken cancellationToken)
    {
        foreach (var id in _delivered)
        {
            await client.DeleteInboxItemAsync(id, cancellationToken);
            FaultInjection.Hit("inbox.item.deleted");
        }

        _delivered.Clear();
    }

    /// <summary>The space the account's settings choose, when this device holds it (not deleted); null for the "Inbox" space.</summary>
    private async Task<Guid?> TargetSpaceAsync(InboxKey key, CancellationToken cancellationToken)
    {
        var chosen = InboxKeyRecord.OpenSettings(accountKey, key.SealedSettings).TargetSpaceId;
        return chosen is { } id && await store.HasSpaceAsync(id, cancellationToken) ? id : null;
    }

    internal static InboxSpace InboxSpaceFor(InboxKey key)
    {
        var time = Timestamp.FromDateTimeOffset(key.CreatedAt ?? DateTimeOffset.UnixEpoch);
        var spaceId = InboxIds.Space(key.PublicKey);
        var avatarId = InboxIds.SpaceAvatar(key.PublicKey);
        var avatar = new CreateFile(new FilePayload(avatarId, $"{avatarId}.png", $"{avatarId}.png", time, time, false));
        var spaceTime = time.AddNanoseconds(1);
        return new InboxSpace(avatar, new CreateSpace(new SpacePayload(spaceId, DataansStore.InboxSpaceName, avatarId, spaceTime, spaceTime, false)), time);
    }

    /// <summary>The item's note in <paramref name="targetSpaceId"/>, or (null) in the "Inbox" space, which it creates on first use.</summary>
    internal static InboxNote NoteFor(InboxItemInfo item, byte[] sealedItem, CaptureContent content, InboxSpace space, Guid? targetSpaceId)
    {
        var digest = SHA256.HashData(sealedItem);
        var received = item.ReceivedAt.AddSeconds(1); // the server keeps whole seconds
        var time = Timestamp.FromDateTimeOffset(content.CreatedAt < received ? content.CreatedAt : received);
        var files = new List<(CreateFile, byte[])>();
        var text = new StringBuilder(content.Text.Trim());
        for (var i = 0; i < content.Files.Count; i++)
        {
            var file = content.Files[i];
            var id = InboxIds.File(item.Id, digest, i);
            var fileTime = time.AddNanoseconds(i);
            files.Add((new CreateFile(new FilePayload(id, FilesFolder.SafeFileName(file.Name), FilesFolder.StoredNameFor(id, file.Name), fileTime, fileTime, false)), file.Bytes));
        }

        if (text.Length == 0)
        {
            text.Append("(capture with ").Append(content.Files.Count).Append(content.Files.Count == 1 ? " file)" : " files)");
        }

        var noteId = InboxIds.Note(item.Id, digest);
        var fileIds = files.ConvertAll(f => f.Item1.File.Id);
        var note = new NotePayload(noteId, text.ToString(), time, time, targetSpaceId ?? space.CreateSpace.Space.Id, false);
        return new InboxNote(targetSpaceId is null ? space : null, files, new CreateNote(note), new SetNoteFiles(noteId, fileIds), time);
    }
}
