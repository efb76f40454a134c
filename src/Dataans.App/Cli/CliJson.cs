using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dataans.Core.Model;
using Dataans.Core.Storage;

namespace Dataans.App.Cli;

// The shapes printed by --json. They are a scripting interface: add fields, never rename or remove.
// Ids are lowercase UUIDs, times RFC 3339 UTC strings with up to nine fraction digits.

internal sealed record SpaceJson(Guid Id, string Name, string CreatedAt, string UpdatedAt, int NoteCount)
{
    public static SpaceJson From(Space space, int noteCount) =>
        new(space.Id, space.Name, space.CreatedAt.ToString(), space.UpdatedAt.ToString(), noteCount);
}

/// <param name="Path">Where the bytes are on this machine, or null when they are not here.</param>
internal sealed record FileJson(Guid Id, string Name, long? Size, bool Exists, bool Uploaded, string? Path)
{
    public static FileJson From(FileAttachment file, FilesFolder folder)
    {
        var exists = file.Status is FileStatus.ExistAndUploaded or FileStatus.ExistAndNotUploaded;
        return new(file.Id, file.Name, file.Size, exists, file.IsUploaded, exists ? folder.Resolve(file.Path) : null);
    }
}

internal sealed record NoteJson(
    Guid Id,
    Guid SpaceId,
    string SpaceName,
    string Text,
    string CreatedAt,
    string UpdatedAt,
    bool Edited,
    bool Conflict,
    IReadOnlyList<FileJson> Files)
{
    public static NoteJson From(Note note, string spaceName, FilesFolder folder) =>
        new(
            note.Id,
            note.SpaceId,
            spaceName,
            note.Text,
            note.CreatedAt.ToString(),
            note.UpdatedAt.ToString(),
            note.IsEdited,
            note.HasConflict,
            note.Files.Select(file => FileJson.From(file, folder)).ToList());
}

/// <param name="Snippet">The matching passage as plain text.</param>
/// <param name="Highlights">The matches inside <paramref name="Snippet"/> as [start, length] pairs in UTF-16 code units.</param>
/// <param name="Rank">Lower is better.</param>
internal sealed record SearchHitJson(NoteJson Note, string Snippet, IReadOnlyList<int[]> Highlights, double Rank);

/// <param name="Number">The version's position in the history, 1 for the oldest (what <c>--restore</c> takes).</param>
/// <param name="Kind"><c>create</c> or <c>edit</c>.</param>
/// <param name="Device">Who wrote the version: the device's name (marked "(this device)" for this one), or "this device" / "another device" when its operation names none.</param>
internal sealed record VersionJson(int Number, Guid Id, string Time, string Kind, bool Current, bool Conflict, string Text, string Device);

internal sealed record DeviceJson(Guid Id, string Name);

internal sealed record DeletedJson(Guid Id, bool Deleted);

internal sealed record ExportJson(string Path, string Format, string? Layout, bool WithFiles);

internal sealed record ImportJson(string Path, int SpacesCreated, int SpacesUpdated, int NotesCreated, int NotesUpdated, int FilesImported, int Unchanged);

/// <param name="Url">The capture link (with its token): only in the answer of <c>inbox link</c>.</param>
internal sealed record CaptureLinkJson(Guid Id, string Label, string CreatedAt, string? ExpiresAt, string? LastUsedAt, long Items, string? Url);

internal sealed record CaptureSentJson(Guid Id, int Files);

/// <param name="SpaceId">The chosen space (null: the "Inbox" space).</param>
/// <param name="Space">The space captures land in now.</param>
/// <param name="ChosenSpaceMissing">The chosen space is deleted (or not on this device yet), so captures go to "Inbox".</param>
internal sealed record CaptureTargetJson(Guid? SpaceId, string Space, bool ChosenSpaceMissing);

[JsonSerializable(typeof(SpaceJson))]
[JsonSerializable(typeof(List<SpaceJson>))]
[JsonSerializable(typeof(NoteJson))]
[JsonSerializable(typeof(List<NoteJson>))]
[JsonSerializable(typeof(List<SearchHitJson>))]
[JsonSerializable(typeof(List<VersionJson>))]
[JsonSerializable(typeof(DeletedJson))]
[JsonSerializable(typeof(ExportJson))]
[JsonSerializable(typeof(ImportJson))]
[JsonSerializable(typeof(OriginalImportJson))]
[JsonSerializable(typeof(SyncLoginJson))]
[JsonSerializable(typeof(SyncStatusJson))]
[JsonSerializable(typeof(Dataans.Core.Sync.SyncResult))]
[JsonSerializable(typeof(CaptureLinkJson))]
[JsonSerializable(typeof(List<CaptureLinkJson>))]
[JsonSerializable(typeof(CaptureSentJson))]
[JsonSerializable(typeof(CaptureTargetJson))]
[JsonSerializable(typeof(DeviceJson))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
    /// <summary>camelCase, indented, non-ASCII text kept readable (the output is never embedded in HTML).</summary>
    public static CliJsonContext Output { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
