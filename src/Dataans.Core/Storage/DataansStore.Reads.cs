using Dataans.Contracts;
using Dataans.Core.Files;
using Dataans.Core.Model;
using Microsoft.Data.Sqlite;

namespace Dataans.Core.Storage;

public sealed partial class DataansStore
{
    internal const string VisibleSpace = "s.content_ts IS NOT NULL AND s.is_deleted = 0";
    internal const string VisibleNote = "n.content_ts IS NOT NULL AND n.is_deleted = 0";

    private const string SpaceColumns = "s.id, s.name, s.avatar_id, f.path, s.created_at, s.updated_at";
    internal const string NoteColumns = "n.id, n.space_id, n.text, n.created_at, n.updated_at, n.has_conflict";

    /// <summary>Visible spaces, oldest first.</summary>
    public Task<IReadOnlyList<Space>> ListSpacesAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<Space>>(
            batch =>
            {
                using var reader = batch.Reader(
                    $"SELECT {SpaceColumns} FROM spaces s LEFT JOIN files f ON f.id = s.avatar_id WHERE {VisibleSpace} ORDER BY s.created_at, s.id");
                return ReadSpaces(reader);
            },
            cancellationToken);

    /// <exception cref="NotFoundException">No visible space has this id.</exception>
    public Task<Space> GetSpaceAsync(Guid id, CancellationToken cancellationToken = default) =>
        ReadAsync(batch => FindSpace(batch, id) ?? throw new NotFoundException($"There is no space with id {id}."), cancellationToken);

    /// <summary>
    /// A page of a space's timeline, in chronological order: the <paramref name="limit"/> newest notes
    /// written before <paramref name="before"/> (or the newest overall).
    /// </summary>
    public Task<IReadOnlyList<Note>> ListNotesAsync(Guid spaceId, int limit = 50, NoteCursor? before = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync<IReadOnlyList<Note>>(
            batch =>
            {
                var condition = before is null ? string.Empty : "AND (n.created_at, n.id) < (@before_time, @before_id)";
                using var reader = batch.Reader(
                    $"""
                    SELECT {NoteColumns} FROM notes n
                    WHERE n.space_id = @space_id AND {VisibleNote} {condition}
                    ORDER BY n.created_at DESC, n.id DESC LIMIT @limit
                    """,
                    ("@space_id", DbValue.Id(spaceId)),
                    ("@before_time", before?.CreatedAt.UnixNanoseconds),
                    ("@before_id", before is null ? null : DbValue.Id(before.Id)),
                    ("@limit", limit));
                var notes = ReadNotes(batch, reader);
                notes.Reverse();
                return notes;
            },
            cancellationToken);
    }

    /// <summary>How many visible notes a space has.</summary>
    public Task<int> CountNotesAsync(Guid spaceId, CancellationToken cancellationToken = default) =>
        ReadAsync(
            batch => Convert.ToInt32(batch.Scalar($"SELECT count(*) FROM notes n WHERE n.space_id = @space_id AND {VisibleNote}", ("@space_id", DbValue.Id(spaceId)))),
            cancellationToken);

    /// <exception cref="NotFoundException">No visible note has this id.</exception>
    public Task<Note> GetNoteAsync(Guid id, CancellationToken cancellationToken = default) =>
        ReadAsync(batch => FindNote(batch, id) ?? throw new NotFoundException($"There is no note with id {id}."), cancellationToken);

    internal static Space? FindSpace(SqlBatch batch, Guid id)
    {
        using var reader = batch.Reader(
            $"SELECT {SpaceColumns} FROM spaces s LEFT JOIN files f ON f.id = s.avatar_id WHERE s.id = @id AND {VisibleSpace}",
            ("@id", DbValue.Id(id)));
        return ReadSpaces(reader).FirstOrDefault();
    }

    internal Note? FindNote(SqlBatch batch, Guid id)
    {
        using var reader = batch.Reader(
            $"""
            SELECT {NoteColumns} FROM notes n JOIN spaces s ON s.id = n.space_id
            WHERE n.id = @id AND {VisibleNote} AND {VisibleSpace}
            """,
            ("@id", DbValue.Id(id)));
        return ReadNotes(batch, reader).FirstOrDefault();
    }

    internal List<Note> ReadNotes(SqlBatch batch, SqliteDataReader reader)
    {
        var rows = new List<(Guid Id, Guid SpaceId, string Text, long Created, long Updated, bool Conflict)>();
        while (reader.Read())
        {
            rows.Add((reader.GetId(0), reader.GetId(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5) != 0));
        }

        reader.Close();
        var files = ReadNoteFiles(batch, rows.Select(row => row.Id));
        return rows.ConvertAll(row => new Note(
            row.Id,
            row.SpaceId,
            row.Text,
            new Timestamp(row.Created),
            new Timestamp(row.Updated),
            files.TryGetValue(row.Id, out var list) ? list : [],
            row.Conflict));
    }

    private Dictionary<Guid, List<FileAttachment>> ReadNoteFiles(SqlBatch batch, IEnumerable<Guid> noteIds)
    {
        var result = new Dictionary<Guid, List<FileAttachment>>();
        foreach (var chunk in noteIds.Chunk(200))
        {
            var names = string.Join(", ", chunk.Select((_, index) => $"@n{index}"));
            var parameters = chunk.Select((id, index) => ($"@n{index}", (object?)DbValue.Id(id))).ToArray();
            using var reader = batch.Reader(
                $"""
                SELECT nf.note_id, nf.file_id, f.name, f.path, f.is_uploaded, f.size FROM note_files nf
                LEFT JOIN files f ON f.id = nf.file_id
                WHERE nf.note_id IN ({names}) ORDER BY nf.note_id, nf.position
                """,
                parameters);
            while (reader.Read())
            {
                var noteId = reader.GetId(0);
                if (!result.TryGetValue(noteId, out var list))
                {
                    result[noteId] = list = [];
                }

                list.Add(ToAttachment(reader.GetId(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), !reader.IsDBNull(4) && reader.GetInt64(4) != 0, reader.GetNullableInt64(5)));
            }
        }

        return result;
    }

    internal FileAttachment ToAttachment(Guid id, string? name, string? path, bool isUploaded, long? size)
    {
        // Files that arrived by sync or by an older import have no recorded size: the bytes on disk tell it.
        var length = path is null ? null : Files.LengthOf(path);
        var exists = length is not null;
        size ??= length;
        var status = (exists, isUploaded) switch
        {
            (true, true) => FileStatus.ExistAndUploaded,
            (true, false) => FileStatus.ExistAndNotUploaded,
            (false, true) => FileStatus.NotExistAndUploaded,
            (false, false) => FileStatus.NotExistAndNotUploaded,
        };
        return new FileAttachment(id, name ?? "(file not synced yet)", path ?? string.Empty, isUploaded, size, status);
    }

    private static List<Space> ReadSpaces(SqliteDataReader reader)
    {
        var spaces = new List<Space>();
        while (reader.Read())
        {
            spaces.Add(new Space(
                reader.GetId(0),
                reader.GetString(1),
                reader.GetId(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                new Timestamp(reader.GetInt64(4)),
                new Timestamp(reader.GetInt64(5))));
        }

        return spaces;
    }
}

/// <summary>A position in a timeline: the note to page before.</summary>
public sealed record NoteCursor(Timestamp CreatedAt, Guid Id);
