using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Core.Avatars;
using Dataans.Core.Inbox;

namespace Dataans.Core.Storage;

public sealed partial class DataansStore
{
    /// <summary>The name of the space captures land in.</summary>
    public const string InboxSpaceName = "Inbox";

    /// <summary>
    /// Writes the note a sealed inbox item becomes, with ids and times every device derives the same
    /// way (docs/formats.md, "From item to note"), creating the account's "Inbox" space on first use.
    /// Writing the same item again changes nothing.
    /// </summary>
    /// <returns>False when this device already holds the note (written here before, or pulled from another device).</returns>
    internal async Task<bool> WriteInboxNoteAsync(InboxNote note, CancellationToken cancellationToken)
    {
        var noteOp = DerivedId(note.CreateNote, note.CreateNoteTime);
        var spaceOp = note.Space is null ? (Guid?)null : DerivedId(note.Space.CreateSpace, note.Space.CreateSpaceTime);
        var (noteKnown, spaceKnown) = await Transactions.ReadAsync(
            batch => (Known(batch, noteOp), spaceOp is not { } id || Known(batch, id)),
            cancellationToken);
        if (noteKnown)
        {
            return false;
        }

        var staged = new List<(StagedFile Staged, string Path)>();
        try
        {
            if (!spaceKnown && note.Space is { } inboxSpace)
            {
                var avatar = inboxSpace.CreateAvatar.File;
                staged.Add((await Files.StageAsync(AvatarGenerator.Generate(avatar.Id), cancellationToken), avatar.Path));
            }

            foreach (var (file, bytes) in note.Files)
            {
                staged.Add((await Files.StageAsync(bytes, cancellationToken), file.File.Path));
            }
        }
        catch
        {
            staged.ForEach(item => FilesFolder.Discard(item.Staged));
            throw;
        }

        await WriteWithFilesAsync(
            staged,
            writer =>
            {
                if (!spaceKnown && note.Space is { } inboxSpace)
                {
                    Derived(writer, inboxSpace.CreateAvatar, inboxSpace.Time);
                    Derived(writer, inboxSpace.CreateSpace, inboxSpace.CreateSpaceTime);
                }

                for (var i = 0; i < note.Files.Count; i++)
                {
                    var (file, bytes) = note.Files[i];
                    Derived(writer, file, note.NoteTime.AddNanoseconds(i));
                    FileRows.SetSize(writer.Batch, file.File.Id, bytes.Length);
                }

                Derived(writer, note.CreateNote, note.CreateNoteTime);
                Derived(writer, note.SetFiles, note.CreateNoteTime.AddNanoseconds(1));
            },
            cancellationToken);
        return true;
    }

    /// <summary>Whether this device holds a visible (not deleted) space with this id.</summary>
    internal Task<bool> HasSpaceAsync(Guid id, CancellationToken cancellationToken) =>
        Transactions.ReadAsync(batch => NoteReader.FindSpace(batch, id) is not null, cancellationToken);

    private static bool Known(SqlBatch batch, Guid operationId) =>
        batch.Scalar("SELECT 1 FROM operations WHERE id = @id", ("@id", DbValue.Id(operationId))) is not null;

    private static Guid DerivedId(Operation operation, Timestamp time) =>
        InboxIds.Operation(time.UnixNanoseconds, OperationJson.Serialize(operation));

    private static void Derived(LocalWriter writer, Operation operation, Timestamp time) =>
        writer.EmitDerived(operation, time, DerivedId(operation, time));
}

/// <summary>The "Inbox" space's operations: the avatar at the inbox key's creation time, the space 1 ns later. Immutable.</summary>
internal sealed record InboxSpace(CreateFile CreateAvatar, CreateSpace CreateSpace, Timestamp Time)
{
    public Timestamp CreateSpaceTime => Time.AddNanoseconds(1);
}

/// <summary>
/// The operations of one delivered capture, derived from its sealed item: the i-th file at the note's
/// time + i ns, then CreateNote, then SetNoteFiles 1 ns later. <c>Space</c> is the "Inbox" space to
/// create on first use, null when the note goes to the space the account's settings chose. Immutable.
/// </summary>
internal sealed record InboxNote(InboxSpace? Space, IReadOnlyList<(CreateFile File, byte[] Bytes)> Files, CreateNote CreateNote, SetNoteFiles SetFiles, Timestamp NoteTime)
{
    public Timestamp CreateNoteTime => NoteTime.AddNanoseconds(Files.Count);
}
