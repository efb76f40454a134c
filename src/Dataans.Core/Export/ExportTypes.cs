namespace Dataans.Core.Export;

/// <summary>
/// How far a long export or import has come: <paramref name="Done"/> of <paramref name="Total"/> steps
/// of the current <paramref name="Stage"/> (a short human label such as "Copying files").
/// Immutable and thread-safe.
/// </summary>
public sealed record ExportProgress(int Done, int Total, string Stage);

/// <summary>How <see cref="MarkdownExporter"/> splits the notes into files.</summary>
public enum MarkdownLayout
{
    /// <summary>Every space in one Markdown file.</summary>
    OneFile,

    /// <summary>A folder with one Markdown file per space.</summary>
    PerSpace,

    /// <summary>A folder with a sub-folder per space and one Markdown file per note.</summary>
    PerNote,
}

/// <summary>
/// What an import did. Objects already present with the same content, or with newer local data, count
/// as <paramref name="Unchanged"/>. <paramref name="FilesImported"/> counts attachments and avatars whose
/// row was written or whose bytes were copied. Immutable and thread-safe.
/// </summary>
public sealed record ImportResult(int SpacesCreated, int SpacesUpdated, int NotesCreated, int NotesUpdated, int FilesImported, int Unchanged);

/// <summary>
/// The import file is malformed, hostile or of an unsupported version. The message is one sentence
/// fit for a user, naming what is wrong and where. Nothing was changed when this is thrown.
/// </summary>
public sealed class ImportException : Exception
{
    public ImportException(string message)
        : base(message)
    {
    }

    public ImportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
