using System.Text.Json;
using Dataans.Core.Export;
using Dataans.Core.Storage;

namespace Dataans.Core.Import;

/// <summary>
/// Turns a parsed import file into a validated <see cref="ImportSet"/>: our JSON export
/// (<c>"format": "dataans-export"</c>) or the original app's JSON V1 backup (<c>"version": "V1"</c>).
/// Unknown extra fields are ignored; anything missing, mistyped, duplicated or hostile is an
/// <see cref="ImportException"/>. Thread-safe (pure apart from checking data_path files).
/// </summary>
internal static partial class ImportReader
{
    /// <param name="exportFolder">The folder of the import file: data_path values are relative to it.</param>
    /// <exception cref="ImportException">The document is not a valid export or backup.</exception>
    public static ImportSet Read(JsonElement root, string exportFolder)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ImportException("The file is not a Dataans export: it does not hold a JSON object.");
        }

        var builder = new ImportSetBuilder(exportFolder);
        if (root.TryGetProperty("format", out var format))
        {
            ReadOurs(root, format, builder);
        }
        else if (root.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.String)
        {
            ReadV1(root, version, builder);
        }
        else
        {
            throw new ImportException("The file is neither a Dataans export nor a backup of the original Dataans app.");
        }

        return builder.Set;
    }

    private static void ReadOurs(JsonElement root, JsonElement format, ImportSetBuilder builder)
    {
        if (format.ValueKind != JsonValueKind.String || format.GetString() != ExportDocument.FormatName)
        {
            throw new ImportException($"The file's 'format' is not '{ExportDocument.FormatName}', so it is not a Dataans export.");
        }

        if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number)
        {
            throw new ImportException("The export has no version number.");
        }

        if (!version.TryGetInt32(out var number) || number != ExportDocument.CurrentVersion)
        {
            throw new ImportException(
                $"The export version {Shorten(version.GetRawText())} is not supported; this app reads version {ExportDocument.CurrentVersion}.");
        }

        var index = 0;
        foreach (var spaceElement in ImportJson.Array(root, "spaces", "The export"))
        {
            var space = ImportJson.Object(spaceElement, $"Space #{++index}");
            var (id, where, name, createdAt, updatedAt) = ReadSpaceHead(space, $"Space #{index}");
            Guid avatarId;
            if (space.TryGetProperty("avatar", out var avatar) && avatar.ValueKind != JsonValueKind.Null)
            {
                avatarId = ReadOurFile(ImportJson.Object(avatar, $"The avatar of space '{id}'"), builder, $"The avatar of space '{id}'", createdAt, isAvatar: true);
            }
            else
            {
                avatarId = ImportSetBuilder.DerivedAvatarId(id);
                builder.AddAvatar(avatarId, null, null, null, null, createdAt, createdAt, where);
            }

            builder.AddSpace(new ImportSpace(id, name, avatarId, createdAt, updatedAt));
            var noteIndex = 0;
            foreach (var noteElement in ImportJson.Array(space, "notes", where, optional: true))
            {
                var (note, noteId, noteWhere, text, noteCreated, noteUpdated) = ReadNoteHead(noteElement, ++noteIndex, id);
                var files = new List<Guid>();
                var fileIndex = 0;
                foreach (var fileElement in ImportJson.Array(note, "files", noteWhere, optional: true))
                {
                    var fileWhere = $"File #{++fileIndex} of note '{noteId}'";
                    files.Add(ReadOurFile(ImportJson.Object(fileElement, fileWhere), builder, fileWhere, noteCreated, isAvatar: false));
                }

                builder.AddNote(new ImportNote(noteId, id, text, noteCreated, noteUpdated, files));
            }
        }
    }

    /// <summary>What both formats say of a space: its id, name and times (<paramref name="label"/> names it until its id is known).</summary>
    private static SpaceHead ReadSpaceHead(JsonElement space, string label)
    {
        var id = ImportJson.Id(space, "id", label);
        var where = $"Space '{id}'";
        var name = ImportSetBuilder.SpaceName(ImportJson.String(space, "name", DataansStore.MaxSpaceNameLength, where));
        return new SpaceHead(id, where, name, ImportJson.Time(space, "created_at", where), ImportJson.Time(space, "updated_at", where));
    }

    /// <summary>What both formats say of a note: its id, text and times.</summary>
    private static NoteHead ReadNoteHead(JsonElement noteElement, int noteIndex, Guid spaceId)
    {
        var note = ImportJson.Object(noteElement, $"Note #{noteIndex} of space '{spaceId}'");
        var noteId = ImportJson.Id(note, "id", $"Note #{noteIndex} of space '{spaceId}'");
        var where = $"Note '{noteId}'";
        var text = ImportJson.String(note, "text", DataansStore.MaxNoteLength, where);
        return new NoteHead(note, noteId, where, text, ImportJson.Time(note, "created_at", where), ImportJson.Time(note, "updated_at", where));
    }

    private static Guid ReadOurFile(JsonElement file, ImportSetBuilder builder, string where, Contracts.Timestamp fallbackTime, bool isAvatar)
    {
        var id = ImportJson.Id(file, "id", where);
        where = isAvatar ? where : $"File '{id}'";
        var name = ImportJson.String(file, "name", ImportSetBuilder.MaxFileNameLength, where);
        var path = ImportJson.String(file, "path", ImportSetBuilder.MaxPathLength, where);
        if (path.Length == 0 && !isAvatar)
        {
            // The exporting device had the link but not the file's row yet (its CreateFile had not
            // synced): keep the link only, so the real row wins when it arrives.
            return id;
        }

        var size = ImportJson.OptionalSize(file, "size", where);
        var dataPath = ImportJson.OptionalString(file, "data_path", ImportSetBuilder.MaxPathLength, where);
        var createdAt = ImportJson.OptionalTime(file, "created_at", where) ?? fallbackTime;
        var updatedAt = ImportJson.OptionalTime(file, "updated_at", where) ?? createdAt;
        if (isAvatar)
        {
            builder.AddAvatar(id, name, path, dataPath, size, createdAt, updatedAt, where);
        }
        else
        {
            builder.AddAttachment(id, name, path, dataPath, size, createdAt, updatedAt, where);
        }

        return id;
    }

    /// <summary>A value quoted in an error: at most 40 characters, control characters (line breaks…) shown as '?'.</summary>
    private static string Shorten(string text)
    {
        var shown = string.Create(Math.Min(text.Length, 40), text, (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
        return text.Length <= 40 ? shown : shown + "…";
    }

    private readonly record struct SpaceHead(Guid Id, string Where, string Name, Contracts.Timestamp CreatedAt, Contracts.Timestamp UpdatedAt);

    private readonly record struct NoteHead(JsonElement Note, Guid Id, string Where, string Text, Contracts.Timestamp CreatedAt, Contracts.Timestamp UpdatedAt);
}
