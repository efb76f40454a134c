using Dataans.Contracts;
using Dataans.Core.Model;
using Microsoft.Data.Sqlite;

namespace Dataans.Core.Storage;

/// <summary>
/// Reads visible spaces and notes (with their attachments and where each file's bytes are) inside
/// the caller's transaction: the one place that turns rows into <see cref="Space"/> and
/// <see cref="Note"/>. Thread-safe (stateless apart from the files folder it checks).
/// </summary>
internal sealed class NoteReader(FilesFolder files)
{
    /// <summary>SQL condition: the space aliased <c>s</c> is visible (known and not deleted).</summary>
    public const string VisibleSpace = "s.content_ts IS NOT NULL AND s.is_deleted = 0";

    /// <summary>SQL condition: the note aliased <c>n</c> is visible (known and not deleted).</summary>
    public const string VisibleNote = "n.content_ts IS NOT NULL AND n.is_deleted = 0";

    private const string SpaceColumns = "s.id, s.name, s.avatar_id, f.path, s.created_at, s.updated_at";
    private const string NoteColumns = "n.id, n.space_id, n.text, n.created_at, n.updated_at, n.has_conflict";

    /// <summary>Visible spaces, oldest first.</summary>
    public static List<Space> ListSpaces(SqlBatch batch)
    {
        using var reader = batch.Reader(
            $"SELECT {SpaceColumns} FROM spaces s LEFT JOIN files f ON f.id = s.avatar_id WHERE {VisibleSpace} ORDER BY s.created_at, s.id");
        return ReadSpaces(reader);
    }

    public static Space? FindSpace(SqlBatch batch, Guid id)
    {
        using var reader = batch.Reader(
            $"SELECT {SpaceColumns} FROM spaces s LEFT JOIN files f ON f.id = s.avatar_id WHERE s.id = @id AND {VisibleSpace}",
            ("@id", DbValue.Id(id)));
        return ReadSpaces(reader).FirstOrDefault();
    }

    public Note? FindNote(SqlBatch batch, Guid id)
    {
        using var reader = batch.Reader(
            $"""
            SELECT {NoteColumns} FROM notes n JOIN spaces s ON s.id = n.space_id
            WHERE n.id = @id AND {VisibleNote} AND {VisibleSpace}
            """,
            ("@id", DbValue.Id(id)));
        return ReadNotes(batch, reader).FirstOrDefault();
    }

    /// <summary>The <paramref name="limit"/> newest visible notes of a space written before <paramref name="before"/>, newest first.</summary>
    public List<Note> ListNewestNotes(SqlBatch batch, Guid spaceId, int limit, NoteCursor? before)
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
        return ReadNotes(batch, reader);
    }

    /// <summary>Every visible note of a space, oldest first (time, then id).</summary>
    public List<Note> ListAllNotes(SqlBatch batch, Guid spaceId)
    {
        using var reader = batch.Reader(
            $"""
            SELECT {NoteColumns} FROM notes n WHERE n.space_id = @space_id AND {VisibleNote}
            ORDER BY n.created_at, n.id
            """,
            ("@space_id", DbValue.Id(spaceId)));
        return ReadNotes(batch, reader);
    }

    public static int CountNotes(SqlBatch batch, Guid spaceId) =>
        Convert.ToInt32(batch.Scalar($"SELECT count(*) FROM notes n WHERE n.space_id = @space_id AND {VisibleNote}", ("@space_id", DbValue.Id(spaceId))));

    /// <summary>Where a file's bytes are: here (the files folder has them), on the server, both or neither.</summary>
    public static FileStatus StatusOf(FilesFolder files, string? path, bool isUploaded) =>
        StatusOf(path is not null && files.Exists(path), isUploaded);

    private static FileStatus StatusOf(bool exists, bool isUploaded) =>
        (exists, isUploaded) switch
        {
            (true, true) => FileStatus.ExistAndUploaded,
            (true, false) => FileStatus.ExistAndNotUploaded,
            (false, true) => FileStatus.NotExistAndUploaded,
            (false, false) => FileStatus.NotExistAndNotUploaded,
        };

    private List<Note> ReadNotes(SqlBatch batch, SqliteDataReader reader)
    {
        var rows = new List<(Guid Id, Guid SpaceId, string Text, long Created, long Updated, bool Conflict)>();
        while (reader.Read())
        {
            rows.Add((reader.GetId(0), reader.GetId(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5) != 0));
        }

        reader.Close();
        var attachments = ReadNoteFiles(batch, rows.Select(row => row.Id));
        return rows.ConvertAll(row => new Note(
            row.Id,
            row.SpaceId,
            row.Text,
            new Timestamp(row.Created),
            new Timestamp(row.Updated),
            attachments.TryGetValue(row.Id, out var list) ? list : [],
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

    private FileAttachment ToAttachment(Guid id, string? name, string? path, bool isUploaded, long? size)
    {
        // Files that arrived by sync or by an older import have no recorded size: the bytes on disk tell it.
        var length = path is null ? null : files.LengthOf(path);
        var status = StatusOf(length is not null, isUploaded);
        return new FileAttachment(id, name ?? "(file not synced yet)", path ?? string.Empty, isUploaded, size ?? length, status);
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
