using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Core.Diagnostics;
using Dataans.Core.Model;
using Dataans.Core.Operations;

namespace Dataans.Core.Storage;

public sealed partial class DataansStore
{
    /// <summary>The largest note text accepted (in UTF-16 code units): 1 MiB of Markdown.</summary>
    public const int MaxNoteLength = 1024 * 1024;

    /// <summary>
    /// Writes a note with its attachments atomically: the files' bytes, their CreateFile operations,
    /// CreateNote and SetNoteFiles all become visible together or not at all.
    /// </summary>
    /// <exception cref="ArgumentException">The note is empty or too long.</exception>
    /// <exception cref="NotFoundException">No visible space has this id.</exception>
    public async Task<Note> CreateNoteAsync(Guid spaceId, string text, IReadOnlyList<AttachmentSource>? attachments = null, CancellationToken cancellationToken = default)
    {
        text = text.Trim();
        attachments ??= [];
        if (text.Length == 0 && attachments.Count == 0)
        {
            throw new ArgumentException("A note needs some text or an attachment.", nameof(text));
        }

        ValidateNoteText(text);
        var (staged, files) = await StageAttachmentsAsync(attachments, cancellationToken);

        FaultInjection.Hit("note.add.staged");
        var noteId = Guid.NewGuid();
        await WriteWithFilesAsync(
            staged,
            writer =>
            {
                if (NoteReader.FindSpace(writer.Batch, spaceId) is null)
                {
                    throw new NotFoundException($"There is no space with id {spaceId}.");
                }

                EmitCreateFiles(writer, staged, files);
                var noteTime = writer.NextTime();
                writer.Emit(new CreateNote(new NotePayload(noteId, text, noteTime, noteTime, spaceId, false)), noteTime);
                writer.Emit(new SetNoteFiles(noteId, files.ConvertAll(file => file.Id)), writer.NextTime());
            },
            cancellationToken);
        FaultInjection.Hit("note.add.committed");
        return await GetNoteAsync(noteId, cancellationToken);
    }

    /// <summary>Replaces a note's text (and, when given, its set of attached files).</summary>
    /// <exception cref="NotFoundException">No visible note has this id.</exception>
    public async Task<Note> UpdateNoteAsync(Guid noteId, string text, IReadOnlyList<Guid>? fileIds = null, CancellationToken cancellationToken = default)
    {
        ValidateNoteText(text);
        await Transactions.WriteAsync(
            (writer, _) =>
            {
                var note = Reader.FindNote(writer.Batch, noteId) ?? throw new NotFoundException($"There is no note with id {noteId}.");
                var parents = new[] { CurrentVersion(writer.Batch, noteId) };
                var time = writer.NextTime();
                writer.Emit(new UpdateNote(new NotePayload(noteId, text, note.CreatedAt, time, note.SpaceId, false, parents)), time);
                if (fileIds is not null && !fileIds.SequenceEqual(note.Files.Select(file => file.Id)))
                {
                    writer.Emit(new SetNoteFiles(noteId, fileIds), writer.NextTime());
                }

                return 0;
            },
            cancellationToken);
        return await GetNoteAsync(noteId, cancellationToken);
    }

    /// <summary>
    /// Replaces a note's text and attaches new files to it, atomically (the files' bytes, their CreateFile
    /// operations, UpdateNote and SetNoteFiles become visible together): the note's files are then
    /// <paramref name="keptFileIds"/> followed by the new ones.
    /// </summary>
    /// <exception cref="NotFoundException">No visible note has this id.</exception>
    public async Task<Note> UpdateNoteAsync(Guid noteId, string text, IReadOnlyList<Guid> keptFileIds, IReadOnlyList<AttachmentSource> added, CancellationToken cancellationToken = default)
    {
        if (added.Count == 0)
        {
            return await UpdateNoteAsync(noteId, text, keptFileIds, cancellationToken);
        }

        ValidateNoteText(text);
        var (staged, files) = await StageAttachmentsAsync(added, cancellationToken);
        await WriteWithFilesAsync(
            staged,
            writer =>
            {
                var note = Reader.FindNote(writer.Batch, noteId) ?? throw new NotFoundException($"There is no note with id {noteId}.");
                var parents = new[] { CurrentVersion(writer.Batch, noteId) };
                EmitCreateFiles(writer, staged, files);
                var time = writer.NextTime();
                writer.Emit(new UpdateNote(new NotePayload(noteId, text, note.CreatedAt, time, note.SpaceId, false, parents)), time);
                writer.Emit(new SetNoteFiles(noteId, [.. keptFileIds, .. files.Select(file => file.Id)]), writer.NextTime());
            },
            cancellationToken);
        return await GetNoteAsync(noteId, cancellationToken);
    }

    /// <summary>Copies attachments into the staging folder (nothing is visible yet); discards them all if one fails.</summary>
    private async Task<(List<(StagedFile Staged, string Path)> Staged, List<(Guid Id, string Name, string Path)> Files)> StageAttachmentsAsync(
        IReadOnlyList<AttachmentSource> attachments, CancellationToken cancellationToken)
    {
        var staged = new List<(StagedFile Staged, string Path)>();
        var files = new List<(Guid Id, string Name, string Path)>();
        try
        {
            foreach (var attachment in attachments)
            {
                var id = Guid.NewGuid();
                var path = FilesFolder.StoredNameFor(id, attachment.Name);
                await using var source = await attachment.OpenAsync(cancellationToken);
                staged.Add((await Files.StageAsync(source, cancellationToken), path));
                files.Add((id, FilesFolder.SafeFileName(attachment.Name), path));
            }
        }
        catch
        {
            staged.ForEach(item => FilesFolder.Discard(item.Staged));
            throw;
        }

        return (staged, files);
    }

    private static void EmitCreateFiles(LocalWriter writer, List<(StagedFile Staged, string Path)> staged, List<(Guid Id, string Name, string Path)> files)
    {
        for (var i = 0; i < files.Count; i++)
        {
            var time = writer.NextTime();
            writer.Emit(new CreateFile(new FilePayload(files[i].Id, files[i].Name, files[i].Path, time, time, false)), time);
            FileRows.SetSize(writer.Batch, files[i].Id, staged[i].Staged.Length);
        }
    }

    /// <summary>Deletes a note and its attachments (DeleteNote and DeleteFile operations).</summary>
    /// <exception cref="NotFoundException">No visible note has this id.</exception>
    public Task DeleteNoteAsync(Guid noteId, CancellationToken cancellationToken = default) =>
        Transactions.WriteAsync(
            (writer, _) =>
            {
                var note = Reader.FindNote(writer.Batch, noteId) ?? throw new NotFoundException($"There is no note with id {noteId}.");
                writer.Emit(new DeleteNote(noteId), writer.NextTime());
                foreach (var file in note.Files)
                {
                    writer.Emit(new DeleteFile(file.Id), writer.NextTime());
                }

                return 0;
            },
            cancellationToken);

    /// <summary>Every version of a note, oldest first, with the current one and conflicts marked.</summary>
    /// <exception cref="NotFoundException">The store has never seen this note.</exception>
    public Task<IReadOnlyList<NoteVersion>> GetHistoryAsync(Guid noteId, CancellationToken cancellationToken = default) =>
        Transactions.ReadAsync<IReadOnlyList<NoteVersion>>(
            batch =>
            {
                var versions = OperationApplier.ReadVersions(batch, noteId);
                if (versions.Count == 0)
                {
                    throw new NotFoundException($"There is no note with id {noteId}.");
                }

                var conflicts = NoteVersionGraph.FindConflicts(versions);
                var current = versions[^1].OperationId;
                var thisDevice = DeviceRows.FindLocalId(batch);
                return versions.ConvertAll(version => version with
                {
                    IsConflict = conflicts.Contains(version.OperationId),
                    IsCurrent = version.OperationId == current,

                    // A version of this device's that came back by sync (after a restore) is still this device's.
                    WrittenHere = version.DeviceId is { } device ? device == thisDevice : version.WrittenHere,
                });
            },
            cancellationToken);

    /// <summary>
    /// Makes <paramref name="versionId"/>'s text current again (undeleting the note if needed) and
    /// settles every open conflict of the note. Pass the current version to just dismiss conflicts.
    /// </summary>
    /// <exception cref="NotFoundException">The note has no such version.</exception>
    public async Task<Note> RestoreVersionAsync(Guid noteId, Guid versionId, CancellationToken cancellationToken = default)
    {
        await Transactions.WriteAsync(
            (writer, _) =>
            {
                var versions = OperationApplier.ReadVersions(writer.Batch, noteId);
                var chosen = versions.Find(version => version.OperationId == versionId)
                    ?? throw new NotFoundException($"The note {noteId} has no version {versionId}.");
                var conflicts = NoteVersionGraph.FindConflicts(versions);
                var parents = conflicts.Append(versions[^1].OperationId).Distinct().ToArray();
                var createdAt = ReadCreatedAt(writer.Batch, noteId);
                var time = writer.NextTime();
                return writer.Emit(new UpdateNote(new NotePayload(noteId, chosen.Text, createdAt, time, chosen.SpaceId, false, parents)), time);
            },
            cancellationToken);
        return await GetNoteAsync(noteId, cancellationToken);
    }

    private static Guid CurrentVersion(SqlBatch batch, Guid noteId) =>
        DbValue.ToGuid((byte[])batch.Scalar("SELECT content_op FROM notes WHERE id = @id", ("@id", DbValue.Id(noteId)))!);

    private static Timestamp ReadCreatedAt(SqlBatch batch, Guid noteId) =>
        new((long)batch.Scalar("SELECT created_at FROM notes WHERE id = @id", ("@id", DbValue.Id(noteId)))!);

    private static void ValidateNoteText(string text)
    {
        if (text.Length > MaxNoteLength)
        {
            throw new ArgumentException($"A note can have at most {MaxNoteLength:N0} characters.", nameof(text));
        }
    }
}
