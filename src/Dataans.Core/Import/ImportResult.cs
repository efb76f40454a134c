namespace Dataans.Core.Import;

/// <summary>
/// What an import did. Objects already present with the same content, or with newer local data, count
/// as <paramref name="Unchanged"/>. <paramref name="FilesImported"/> counts attachments and avatars whose
/// row was written or whose bytes were copied. Immutable and thread-safe.
/// </summary>
public sealed record ImportResult(int SpacesCreated, int SpacesUpdated, int NotesCreated, int NotesUpdated, int FilesImported, int Unchanged);
