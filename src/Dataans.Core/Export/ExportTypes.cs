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
