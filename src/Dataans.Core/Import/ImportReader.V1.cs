using System.Text.Json;

namespace Dataans.Core.Import;

internal static partial class ImportReader
{
    /// <summary>The id the original app's UI gives the built-in default avatar.</summary>
    internal static readonly Guid OriginalDefaultAvatarId = new("54d49bda-644e-44a9-a1ad-4a8fa5f368a5");

    internal const string OriginalDefaultAvatarPath = "/public/default_space_avatar.png";

    /// <summary>
    /// The original app's backup: <c>{"version":"V1","data":[{"space":{…,"avatar":{"id","path"}},"notes":[…]}]}</c>.
    /// It carries no bytes: avatars are generated, attachments are recorded without bytes.
    /// </summary>
    private static void ReadV1(JsonElement root, JsonElement version, ImportSetBuilder builder)
    {
        if (version.GetString() != "V1")
        {
            throw new ImportException(
                $"The backup version '{Shorten(version.GetString() ?? string.Empty)}' is not supported; only V1 backups of the original app can be imported.");
        }

        var index = 0;
        foreach (var entryElement in ImportJson.Array(root, "data", "The backup"))
        {
            var entryWhere = $"Backup entry #{++index}";
            var entry = ImportJson.Object(entryElement, entryWhere);
            if (!entry.TryGetProperty("space", out var spaceElement))
            {
                throw new ImportException($"{entryWhere} has no 'space'.");
            }

            var space = ImportJson.Object(spaceElement, $"The space of backup entry #{index}");
            var (id, _, name, createdAt, updatedAt) = ReadSpaceHead(space, $"The space of backup entry #{index}");
            var avatarId = ReadV1Avatar(space, id, builder, createdAt);
            builder.AddSpace(new ImportSpace(id, name, avatarId, createdAt, updatedAt));

            var noteIndex = 0;
            foreach (var noteElement in ImportJson.Array(entry, "notes", entryWhere, optional: true))
            {
                var (note, noteId, noteWhere, text, noteCreated, noteUpdated) = ReadNoteHead(noteElement, ++noteIndex, id);
                if (note.TryGetProperty("space_id", out var spaceIdElement) && spaceIdElement.ValueKind != JsonValueKind.Null
                    && ImportJson.Id(note, "space_id", noteWhere) != id)
                {
                    throw new ImportException($"{noteWhere} names a different space_id than the space '{id}' it is listed under.");
                }

                var files = new List<Guid>();
                var fileIndex = 0;
                foreach (var fileElement in ImportJson.Array(note, "files", noteWhere, optional: true))
                {
                    var fileWhere = $"File #{++fileIndex} of note '{noteId}'";
                    var file = ImportJson.Object(fileElement, fileWhere);
                    var fileId = ImportJson.Id(file, "id", fileWhere);
                    fileWhere = $"File '{fileId}'";
                    var fileName = ImportJson.String(file, "name", ImportSetBuilder.MaxFileNameLength, fileWhere);
                    var path = ImportJson.OptionalString(file, "path", ImportSetBuilder.MaxPathLength, fileWhere);

                    // The backup has no file times: the note's creation time keeps re-imports identical.
                    builder.AddAttachment(fileId, fileName, path, dataPath: null, size: null, noteCreated, noteCreated, fileWhere);
                    files.Add(fileId);
                }

                builder.AddNote(new ImportNote(noteId, id, text, noteCreated, noteUpdated, files));
            }
        }
    }

    private static Guid ReadV1Avatar(JsonElement space, Guid spaceId, ImportSetBuilder builder, Contracts.Timestamp createdAt)
    {
        var where = $"The avatar of space '{spaceId}'";
        Guid avatarId;
        string? path = null;
        if (space.TryGetProperty("avatar", out var avatarElement) && avatarElement.ValueKind != JsonValueKind.Null)
        {
            var avatar = ImportJson.Object(avatarElement, where);
            avatarId = ImportJson.Id(avatar, "id", where);
            path = ImportJson.OptionalString(avatar, "path", ImportSetBuilder.MaxPathLength, where);

            // The original's shared default id would make every space share one file: give each its own.
            if (avatarId == OriginalDefaultAvatarId)
            {
                avatarId = ImportSetBuilder.DerivedAvatarId(spaceId);
            }

            if (path == OriginalDefaultAvatarPath)
            {
                path = null;
            }
        }
        else
        {
            avatarId = ImportSetBuilder.DerivedAvatarId(spaceId);
        }

        builder.AddAvatar(avatarId, name: null, path, dataPath: null, size: null, createdAt, createdAt, where);
        return avatarId;
    }
}
