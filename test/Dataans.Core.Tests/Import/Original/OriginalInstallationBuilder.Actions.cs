using Microsoft.Data.Sqlite;
using static Dataans.Tests.Original.OriginalWire;

namespace Dataans.Tests.Original;

internal sealed partial class OriginalInstallationBuilder
{
    /// <summary>How much later than the service's time the operation guard takes its own.</summary>
    private const long GuardDelay = 3_517;

    // ---- Versions before 0.3: no log, absolute paths, avatars and pasted images in images/.

    public Guid LegacyDefaultAvatar()
    {
        Exec("INSERT INTO files (id, name, path) VALUES (@id, 'default_space_avatar.png', @path)", null, ("@id", Blob(DefaultAvatarId)), ("@path", DefaultAvatarPath));
        return DefaultAvatarId;
    }

    public Guid LegacyGeneratedAvatar(byte[] png)
    {
        var id = Guid.NewGuid();
        return LegacyFile(id, $"{id}.png", "images", $"{id}.png", png);
    }

    public Guid LegacyAttachment(string name, byte[] bytes)
    {
        var id = Guid.NewGuid();
        return LegacyFile(id, name, "files", $"{id}_{name}", bytes);
    }

    public Guid LegacySpace(string name, Guid avatarId)
    {
        var id = Guid.NewGuid();
        Exec("INSERT INTO spaces (id, name, avatar_id, created_at) VALUES (@id, @name, @avatar, @at)", null,
            ("@id", Blob(id)), ("@name", name), ("@avatar", Blob(avatarId)), ("@at", Rfc3339(Tick())));
        return id;
    }

    public Guid LegacyNote(Guid spaceId, string text, params Guid[] files)
    {
        var id = Guid.NewGuid();
        Exec("INSERT INTO notes (id, text, created_at, space_id) VALUES (@id, @text, @at, @space)", null,
            ("@id", Blob(id)), ("@text", text), ("@at", Rfc3339(Tick())), ("@space", Blob(spaceId)));
        foreach (var file in files)
        {
            Exec("INSERT INTO notes_files (note_id, file_id) VALUES (@n, @f)", null, ("@n", Blob(id)), ("@f", Blob(file)));
        }

        return id;
    }

    private Guid LegacyFile(Guid id, string name, string folder, string fileName, byte[] bytes)
    {
        System.IO.File.WriteAllBytes(Path.Combine(Root, folder, fileName), bytes);
        Bytes[id] = bytes;
        Exec("INSERT INTO files (id, name, path) VALUES (@id, @name, @path)", null, ("@id", Blob(id)), ("@name", name), ("@path", $"{LegacyRoot}/{folder}/{fileName}"));
        return id;
    }

    // ---- 0.3 and later: every change logged in its own transaction.

    public Guid UploadFile(string name, byte[] bytes) => NewFile(Guid.NewGuid(), name, null, bytes);

    /// <summary>A picked custom avatar: the image copied as-is to <c>files/&lt;uuid&gt;.png</c>.</summary>
    public Guid PickAvatar(byte[] bytes)
    {
        var id = Guid.NewGuid();
        return NewFile(id, $"{id}.png", $"{id}.png", bytes);
    }

    /// <summary>A pasted image: its row's name and path are another fresh uuid + .png, referenced from the note text.</summary>
    public (Guid Id, string Path) PasteImage(byte[] png)
    {
        var name = $"{Guid.NewGuid()}.png";
        return (NewFile(Guid.NewGuid(), name, name, png), name);
    }

    public Guid CreateSpace(string name, Guid? avatarId = null)
    {
        if (avatarId is null)
        {
            var file = Guid.NewGuid();
            var at = Tick();
            Logged(File(file, $"{file}.png", DefaultAvatarPath, at, at), d => FileDigest(d, file, $"{file}.png", DefaultAvatarPath, at, at), at, (tx, now) =>
                Exec("INSERT INTO files (id, name, path, created_at, updated_at, is_deleted, is_uploaded) VALUES (@id, @name, @path, @now, @now, FALSE, FALSE)", tx,
                    ("@id", Blob(file)), ("@name", $"{file}.png"), ("@path", DefaultAvatarPath), ("@now", Rfc3339(now))));
            avatarId = file;
        }

        var id = Guid.NewGuid();
        var t0 = Tick();
        Logged(Space("CreateSpace", id, name, avatarId.Value, t0, t0, false), d => SpaceDigest(d, id, name, avatarId.Value, t0, t0), t0, (tx, now) =>
            Exec("INSERT INTO spaces (id, name, avatar_id, created_at, updated_at, is_deleted) VALUES (@id, @name, @avatar, @now, @now, FALSE)", tx,
                ("@id", Blob(id)), ("@name", name), ("@avatar", Blob(avatarId.Value)), ("@now", Rfc3339(now))));
        return id;
    }

    public void UpdateSpace(Guid id, string name, Guid avatarId)
    {
        var created = ReadTime("spaces", "created_at", id);
        var t0 = Tick();
        Logged(Space("UpdateSpace", id, name, avatarId, created, t0, false), d => SpaceDigest(d, id, name, avatarId, created, t0), t0, (tx, now) =>
            Exec("UPDATE spaces SET name = @name, avatar_id = @avatar, updated_at = @now, is_deleted = FALSE WHERE id = @id", tx,
                ("@id", Blob(id)), ("@name", name), ("@avatar", Blob(avatarId)), ("@now", Rfc3339(now))));
    }

    /// <summary>Deletes the space and, as the original does, its notes, their files and its avatar (soft deletes).</summary>
    public void DeleteSpace(Guid id)
    {
        Logged(Delete("DeleteSpace", id), d => d.Id(id), Tick(), (tx, now) =>
        {
            foreach (var note in Ids("SELECT id FROM notes WHERE space_id = @id AND is_deleted = FALSE", tx, id))
            {
                RemoveNote(note, now, tx);
            }

            Exec("UPDATE spaces SET is_deleted = TRUE, updated_at = @now WHERE id = @id", tx, ("@id", Blob(id)), ("@now", Rfc3339(now)));
            Exec("UPDATE files SET is_deleted = TRUE, updated_at = @now WHERE id = (SELECT avatar_id FROM spaces WHERE id = @id)", tx, ("@id", Blob(id)), ("@now", Rfc3339(now)));
        });
    }

    public Guid CreateNote(Guid spaceId, string text, params Guid[] files)
    {
        var id = Guid.NewGuid();
        var t0 = Tick();
        Logged(Note("CreateNote", id, text, t0, t0, spaceId, false), d => NoteDigest(d, id, text, t0, t0, spaceId), t0, (tx, now) =>
            Exec("INSERT INTO notes (id, text, created_at, updated_at, space_id, is_deleted) VALUES (@id, @text, @now, @now, @space, FALSE)", tx,
                ("@id", Blob(id)), ("@text", text), ("@now", Rfc3339(now)), ("@space", Blob(spaceId))));
        SetNoteFiles(id, files);
        return id;
    }

    public void UpdateNote(Guid id, string text, params Guid[] files)
    {
        var created = ReadTime("notes", "created_at", id);
        var space = Ids("SELECT space_id FROM notes WHERE id = @id", null, id).Single();
        var t0 = Tick();
        Logged(Note("UpdateNote", id, text, created, t0, space, false), d => NoteDigest(d, id, text, created, t0, space), t0, (tx, now) =>
            Exec("UPDATE notes SET text = @text, updated_at = @now, is_deleted = FALSE WHERE id = @id", tx,
                ("@id", Blob(id)), ("@text", text), ("@now", Rfc3339(now))));
        SetNoteFiles(id, files);
    }

    /// <summary>The × on a draft's attachment (<c>delete_file</c>): the bytes are removed, the row soft-deleted.</summary>
    public void RemoveFromDraft(Guid id)
    {
        using (var command = _db.CreateCommand())
        {
            command.CommandText = "SELECT path FROM files WHERE id = @id";
            command.Parameters.AddWithValue("@id", Blob(id));
            System.IO.File.Delete(Path.Combine(Root, "files", (string)command.ExecuteScalar()!));
        }

        Logged(Delete("DeleteFile", id), d => d.Id(id), Tick(), (tx, now) =>
            Exec("UPDATE files SET is_deleted = TRUE, updated_at = @now WHERE id = @id", tx, ("@id", Blob(id)), ("@now", Rfc3339(now))));
    }

    public void DeleteNote(Guid id) => Logged(Delete("DeleteNote", id), d => d.Id(id), Tick(), (tx, now) => RemoveNote(id, now, tx));

    private void SetNoteFiles(Guid noteId, Guid[] files) =>
        Logged(OriginalWire.SetNoteFiles(noteId, files), d => files.Aggregate(d.Id(noteId), (digest, file) => digest.Id(file)), Tick(), (tx, now) =>
        {
            Exec("UPDATE notes SET updated_at = @now WHERE id = @id", tx, ("@id", Blob(noteId)), ("@now", Rfc3339(now)));
            Exec("DELETE FROM notes_files WHERE note_id = @id", tx, ("@id", Blob(noteId)));
            foreach (var file in files)
            {
                Exec("INSERT INTO notes_files (note_id, file_id) VALUES (@n, @f)", tx, ("@n", Blob(noteId)), ("@f", Blob(file)));
            }
        });

    private void RemoveNote(Guid noteId, long now, SqliteTransaction tx)
    {
        Exec("UPDATE files SET is_deleted = TRUE, updated_at = @now WHERE is_deleted = FALSE AND id IN (SELECT file_id FROM notes_files WHERE note_id = @id)", tx,
            ("@id", Blob(noteId)), ("@now", Rfc3339(now)));
        Exec("UPDATE notes SET is_deleted = TRUE, updated_at = @now WHERE id = @id", tx, ("@id", Blob(noteId)), ("@now", Rfc3339(now)));
    }

    private Guid NewFile(Guid id, string name, string? path, byte[] bytes)
    {
        path ??= $"{id}_{name}";
        System.IO.File.WriteAllBytes(Path.Combine(Root, "files", path), bytes);
        Bytes[id] = bytes;
        var t0 = Tick();
        Logged(File(id, name, path, t0, t0), d => FileDigest(d, id, name, path, t0, t0), t0, (tx, now) =>
            Exec("INSERT INTO files (id, name, path, created_at, updated_at, is_deleted, is_uploaded) VALUES (@id, @name, @path, @now, @now, FALSE, FALSE)", tx,
                ("@id", Blob(id)), ("@name", name), ("@path", path), ("@now", Rfc3339(now))));
        return id;
    }

    /// <summary>One logged change: the mutation and its operation row in one transaction, at the guard's time.</summary>
    private void Logged(string json, Func<Digest, Digest> payload, long serviceTime, Action<SqliteTransaction, long> mutate)
    {
        if (!HasSync)
        {
            throw new InvalidOperationException("Versions before 0.3 log nothing: upgrade first.");
        }

        var now = serviceTime + GuardDelay;
        _clock = Math.Max(_clock, now);
        var id = Guid.NewGuid();
        using var transaction = _db.BeginTransaction();
        mutate(transaction, now);
        Exec("INSERT INTO operations (id, created_at, operation) VALUES (@id, @at, @op)", transaction, ("@id", Blob(id)), ("@at", Rfc3339(now)), ("@op", json));
        transaction.Commit();
        var kind = json[2..json.IndexOf('"', 2)];
        Log.Add(new LoggedOperation(id, now, json, payload(new Digest().Id(id).Time(now).Text(kind)).Finish()));
    }

    private static Digest NoteDigest(Digest d, Guid id, string text, long created, long updated, Guid space) =>
        d.Id(id).Text(text).Time(created).Time(updated).Id(space).Flag(false);

    private static Digest SpaceDigest(Digest d, Guid id, string name, Guid avatar, long created, long updated) =>
        d.Id(id).Text(name).Id(avatar).Time(created).Time(updated).Flag(false);

    private static Digest FileDigest(Digest d, Guid id, string name, string path, long created, long updated) =>
        d.Id(id).Text(name).Text(path).Time(created).Time(updated).Flag(false);

    private long ReadTime(string table, string column, Guid id)
    {
        using var command = _db.CreateCommand();
        command.CommandText = $"SELECT {column} FROM {table} WHERE id = @id";
        command.Parameters.AddWithValue("@id", Blob(id));
        return ParseRfc3339((string)command.ExecuteScalar()!);
    }

    private List<Guid> Ids(string sql, SqliteTransaction? tx, Guid id)
    {
        using var command = _db.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.Parameters.AddWithValue("@id", Blob(id));
        using var reader = command.ExecuteReader();
        var ids = new List<Guid>();
        while (reader.Read())
        {
            ids.Add(new Guid((byte[])reader.GetValue(0), bigEndian: true));
        }

        return ids;
    }
}
