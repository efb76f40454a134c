using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Core.Export;
using Dataans.Core.Storage;

namespace Dataans.Core.Import.Original;

internal sealed partial class OriginalPlan
{
    private const long Micro = OriginalFormats.Microsecond;

    /// <summary>
    /// Operations for rows the original never logged. Times keep every dependency first, as an original
    /// client applying them in server order needs (a file before the space or note that names it), and a
    /// made-up Create is as old as its row, so every later logged edit still wins.
    /// </summary>
    private void Synthesize()
    {
        var linksByNote = _snapshot.Links.GroupBy(link => link.NoteId).ToDictionary(group => group.Key, group => group.Select(link => link.FileId).Distinct().ToList());
        foreach (var space in _snapshot.Spaces.Where(space => !Logs(OperationKind.CreateSpace, space.Id)))
        {
            var avatar = space.AvatarId is { } id && id != OriginalFormats.DefaultAvatarId && _fileRows.ContainsKey(id) ? id : (Guid?)null;
            if (avatar is null)
            {
                // The shared default-avatar row would collide with the same row on other original devices:
                // give the space a row of its own with the default's pseudo path, as the original does since 0.3.
                var derived = ImportSetBuilder.DerivedAvatarId(space.Id);
                avatar = derived;
                Synthesize(new CreateFile(new FilePayload(derived, $"{derived}.png", OriginalFormats.DefaultAvatarPath, space.CreatedAt, space.CreatedAt, false)), space.CreatedAt.AddNanoseconds(-Micro));
            }
            else
            {
                Need(avatar.Value, space.CreatedAt);
            }

            Synthesize(new CreateSpace(new SpacePayload(space.Id, space.Name, avatar.Value, space.CreatedAt, space.CreatedAt, false)), space.CreatedAt);
        }

        foreach (var note in _snapshot.Notes.Where(note => !Logs(OperationKind.CreateNote, note.Id)))
        {
            Synthesize(new CreateNote(new NotePayload(note.Id, note.Text, note.CreatedAt, note.CreatedAt, note.SpaceId, false)), note.CreatedAt);
            if (!Logs(OperationKind.SetNoteFiles, note.Id) && linksByNote.TryGetValue(note.Id, out var links))
            {
                var files = links.Where(file => _fileRows.ContainsKey(file) || Logs(OperationKind.CreateFile, file)).ToList();
                if (files.Count > 0)
                {
                    var time = note.CreatedAt.AddNanoseconds(Micro);
                    Synthesize(new SetNoteFiles(note.Id, files), time);
                    files.ForEach(file => Need(file, time));
                }
            }
        }

        foreach (var file in _snapshot.Files.Where(file => !Logs(OperationKind.CreateFile, file.Id) && file.Id != OriginalFormats.DefaultAvatarId))
        {
            var stored = SyntheticStoredPath(file);
            var time = _neededBy.TryGetValue(file.Id, out var needed) && needed.AddNanoseconds(-Micro) < file.CreatedAt
                ? needed.AddNanoseconds(-Micro)
                : file.CreatedAt;
            Synthesize(new CreateFile(new FilePayload(file.Id, file.Name, stored, file.CreatedAt, file.CreatedAt, false)), time);
        }

        SynthesizeDeletions(linksByNote);
    }

    /// <summary>
    /// A row the original shows as deleted without a Delete of its own gets one, unless its deletion
    /// follows from a logged parent deletion (notes of a deleted space, files of a deleted note or the
    /// avatar of a deleted space), which hides it here too.
    /// </summary>
    private void SynthesizeDeletions(Dictionary<Guid, List<Guid>> linksByNote)
    {
        var deletedSpaces = _snapshot.Spaces.Where(space => space.IsDeleted).ToList();
        foreach (var space in deletedSpaces.Where(space => !Logs(OperationKind.DeleteSpace, space.Id)))
        {
            Synthesize(new DeleteSpace(space.Id), Later(space.UpdatedAt, CreatedTime(space.Id).AddNanoseconds(Micro)));
        }

        var deletedSpaceIds = deletedSpaces.Select(space => space.Id).ToHashSet();
        var deletedNotes = _snapshot.Notes.Where(note => note.IsDeleted).ToList();
        foreach (var note in deletedNotes.Where(note => !Logs(OperationKind.DeleteNote, note.Id) && !deletedSpaceIds.Contains(note.SpaceId)))
        {
            Synthesize(new DeleteNote(note.Id), Later(note.UpdatedAt, CreatedTime(note.Id).AddNanoseconds(2 * Micro)));
        }

        var explained = deletedNotes.SelectMany(note => linksByNote.GetValueOrDefault(note.Id) ?? [])
            .Concat(deletedSpaces.Where(space => space.AvatarId is not null).Select(space => space.AvatarId!.Value))
            .ToHashSet();
        foreach (var file in _snapshot.Files.Where(file => file.IsDeleted && !Logs(OperationKind.DeleteFile, file.Id) && !explained.Contains(file.Id)
            && Logs(OperationKind.CreateFile, file.Id)))
        {
            Synthesize(new DeleteFile(file.Id), Later(file.UpdatedAt, CreatedTime(file.Id).AddNanoseconds(Micro)));
        }
    }

    /// <summary>The stored name of a row without a CreateFile: its own name, unless another file already has it.</summary>
    private string SyntheticStoredPath(OriginalFile file)
    {
        var (stored, _) = OriginalFormats.MapPath(_location, file.Id, file.Path);
        if (stored != OriginalFormats.DefaultAvatarPath && _storedPaths.TryGetValue(stored, out var owner) && owner != file.Id)
        {
            stored = FilesFolder.StoredNameFor(file.Id, stored);
        }

        _storedPaths.TryAdd(stored, file.Id);
        return stored;
    }

    /// <summary>Every file whose bytes the original holds, with the name it gets here.</summary>
    private void PlanFiles()
    {
        var paths = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var planned = new HashSet<Guid>();
        foreach (var record in Records)
        {
            if (record.Operation is not CreateFile { File: var file } || file.Path == OriginalFormats.DefaultAvatarPath)
            {
                continue;
            }

            var source = _fileRows.TryGetValue(file.Id, out var row)
                ? OriginalFormats.MapPath(_location, file.Id, row.Path).Source
                : Path.Combine(_location.FilesFolder, file.Path);
            if (source is null || planned.Contains(file.Id))
            {
                continue;
            }

            if (paths.TryGetValue(file.Path, out var owner) && owner != file.Id)
            {
                Warnings.Add($"The original's files '{owner}' and '{file.Id}' share the name '{file.Path}'; only the first one's bytes are copied.");
                continue;
            }

            paths[file.Path] = file.Id;
            planned.Add(file.Id);
            var deleted = (row?.IsDeleted ?? false) || Logs(OperationKind.DeleteFile, file.Id);
            Files.Add(new PlannedFile(file.Id, file.Name, file.Path, source, deleted));
        }
    }

    /// <summary>
    /// The original shows the time a row was created and the time its content last changed (the
    /// winning Create or Update). Its operation payloads carry times taken a few microseconds earlier,
    /// so the row times are restored where the imported content is what this store shows.
    /// </summary>
    private void PlanTimes()
    {
        var winners = new Dictionary<Guid, OperationRecord>();
        foreach (var record in Records.Where(record => record.Operation is CreateSpace or UpdateSpace or CreateNote or UpdateNote))
        {
            if (!winners.TryGetValue(record.Operation.ObjectId, out var known) || OperationRecord.CompareOrder(record, known) > 0)
            {
                winners[record.Operation.ObjectId] = record;
            }
        }

        var shownSpaces = new HashSet<Guid>();
        foreach (var space in _snapshot.Spaces)
        {
            if (!space.IsDeleted)
            {
                shownSpaces.Add(space.Id);
            }

            if (winners.TryGetValue(space.Id, out var winner))
            {
                SpaceTimes.Add(new TimeFix(space.Id, winner.Id, space.CreatedAt, winner.Operation is UpdateSpace ? winner.CreatedAt : space.CreatedAt));
            }
        }

        VisibleSpaces = shownSpaces.Count;
        foreach (var note in _snapshot.Notes)
        {
            VisibleNotes += !note.IsDeleted && shownSpaces.Contains(note.SpaceId) ? 1 : 0;
            if (winners.TryGetValue(note.Id, out var winner))
            {
                NoteTimes.Add(new TimeFix(note.Id, winner.Id, note.CreatedAt, winner.Operation is UpdateNote ? winner.CreatedAt : note.CreatedAt));
            }
        }
    }
}
