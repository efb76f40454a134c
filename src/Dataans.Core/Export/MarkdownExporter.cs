using System.Text;
using Dataans.Core.Storage;

namespace Dataans.Core.Export;

/// <summary>
/// Writes the visible spaces and notes as readable Markdown: a heading per space, each note with its
/// time and text, and its attachments listed (as relative links when their bytes are copied beside
/// them). File and folder names are safe on Windows, macOS and Linux and carry an id suffix, so two
/// spaces of the same name never collide.
/// Thread-safe: each call reads one consistent snapshot of the store and writes its own output.
/// </summary>
public static class MarkdownExporter
{
    private static readonly UTF8Encoding Utf8 = new(false);

    /// <summary>
    /// Exports into <paramref name="outputDirectory"/> (created if needed), never overwriting anything:
    /// <list type="bullet">
    /// <item><see cref="MarkdownLayout.OneFile"/>: <c>dataans-export-&lt;UTC time&gt;.md</c>, with the bytes in a sibling <c>files/</c> folder.</item>
    /// <item><see cref="MarkdownLayout.PerSpace"/>: a folder <c>dataans-export-&lt;UTC time&gt;/</c> holding <c>&lt;space name&gt;-&lt;id&gt;.md</c> per space and <c>files/</c>.</item>
    /// <item><see cref="MarkdownLayout.PerNote"/>: that folder holding a sub-folder <c>&lt;space name&gt;-&lt;id&gt;/</c> per space with <c>&lt;time&gt;-&lt;id&gt;.md</c> per note, and <c>files/</c>.</item>
    /// </list>
    /// </summary>
    /// <returns>The Markdown file (one-file layout) or the export folder written.</returns>
    /// <exception cref="ArgumentException"><paramref name="outputDirectory"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layout"/> is not a known layout.</exception>
    /// <exception cref="IOException">The output cannot be written (nothing partial is left behind).</exception>
    /// <exception cref="UnauthorizedAccessException">The output folder is not writable.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing is left behind.</exception>
    public static Task<string> ExportAsync(
        DataansStore store,
        string outputDirectory,
        MarkdownLayout layout,
        bool withFiles,
        IProgress<ExportProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        ExportAsync(store, outputDirectory, layout, withFiles, TimeProvider.System, progress, cancellationToken);

    internal static async Task<string> ExportAsync(
        DataansStore store,
        string outputDirectory,
        MarkdownLayout layout,
        bool withFiles,
        TimeProvider timeProvider,
        IProgress<ExportProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        if (!Enum.IsDefined(layout))
        {
            throw new ArgumentOutOfRangeException(nameof(layout), layout, "Unknown Markdown layout.");
        }

        var now = timeProvider.GetUtcNow();
        var directory = Path.GetFullPath(outputDirectory);
        progress?.Report(new ExportProgress(0, 1, "Reading"));
        var document = await StateReader.ReadAsync(store, cancellationToken);
        var createdFolders = ExportOutput.CreateFolder(directory);
        var temporary = ExportOutput.TemporaryPath(directory);

        // One file: the bytes go beside it in <out>/files/. Folder layouts: inside the folder.
        var filesDirectory = layout == MarkdownLayout.OneFile
            ? Path.Combine(directory, ExportOutput.FilesFolderName)
            : Path.Combine(temporary, ExportOutput.FilesFolderName);
        var linkPrefix = (layout == MarkdownLayout.PerNote ? "../" : string.Empty) + ExportOutput.FilesFolderName + "/";
        var copier = withFiles ? new ExportFileCopier(store.Files, filesDirectory, linkPrefix) : null;
        var run = new Run(copier, progress, document.Spaces.Sum(space => space.Notes.Count), cancellationToken);
        try
        {
            switch (layout)
            {
                case MarkdownLayout.OneFile:
                    var builder = new StringBuilder();
                    foreach (var space in document.Spaces)
                    {
                        await AppendSpaceAsync(builder, space, run);
                    }

                    await File.WriteAllTextAsync(temporary, builder.ToString(), Utf8, cancellationToken);
                    return ExportOutput.MoveFileIntoPlace(temporary, directory, ExportOutput.BaseName(now), ".md");
                case MarkdownLayout.PerSpace:
                    Directory.CreateDirectory(temporary);
                    var spaceNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                    foreach (var space in document.Spaces)
                    {
                        var spaceText = new StringBuilder();
                        await AppendSpaceAsync(spaceText, space, run);
                        var name = ExportOutput.UniqueName(space.Name, space.Id, ".md", spaceNames, "space");
                        await File.WriteAllTextAsync(Path.Combine(temporary, name), spaceText.ToString(), Utf8, cancellationToken);
                    }

                    return ExportOutput.MoveFolderIntoPlace(temporary, directory, ExportOutput.BaseName(now));
                case MarkdownLayout.PerNote:
                    Directory.CreateDirectory(temporary);
                    var folderNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                    foreach (var space in document.Spaces)
                    {
                        var folder = Path.Combine(temporary, ExportOutput.UniqueName(space.Name, space.Id, string.Empty, folderNames, "space"));
                        Directory.CreateDirectory(folder);
                        await WriteNotesAsync(folder, space, run);
                    }

                    return ExportOutput.MoveFolderIntoPlace(temporary, directory, ExportOutput.BaseName(now));
                default:
                    throw new ArgumentOutOfRangeException(nameof(layout), layout, "Unknown Markdown layout.");
            }
        }
        catch
        {
            ExportOutput.DeleteQuietly(temporary);
            copier?.RollBack();
            ExportOutput.RemoveEmptyFolders(createdFolders);
            throw;
        }
    }

    private static async Task AppendSpaceAsync(StringBuilder builder, ExportSpace space, Run run)
    {
        var avatar = await run.LinkAsync(space.Avatar);
        MarkdownText.AppendSpaceHeader(builder, space, avatar);
        foreach (var note in space.Notes)
        {
            MarkdownText.AppendNote(builder, note, 2, spaceName: null, await run.FilesAsync(note));
            builder.Append("---\n\n");
            run.NoteDone();
        }
    }

    private static async Task WriteNotesAsync(string folder, ExportSpace space, Run run)
    {
        var noteNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var note in space.Notes)
        {
            var builder = new StringBuilder();
            MarkdownText.AppendNote(builder, note, 1, space.Name, await run.FilesAsync(note));
            var stamp = Contracts.Timestamp.TryParse(note.CreatedAt, out var created)
                ? created.ToDateTimeOffset().UtcDateTime.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture)
                : "note";
            var name = ExportOutput.UniqueName(stamp, note.Id, ".md", noteNames, "note");
            await File.WriteAllTextAsync(Path.Combine(folder, name), builder.ToString(), Utf8, run.CancellationToken);
            run.NoteDone();
        }
    }

    /// <summary>The state of one export run: file copies and progress.</summary>
    private sealed class Run(ExportFileCopier? copier, IProgress<ExportProgress>? progress, int total, CancellationToken cancellationToken)
    {
        private int _done;

        public CancellationToken CancellationToken => cancellationToken;

        public async Task<string?> LinkAsync(ExportFile? file) =>
            file is null || copier is null ? null : (await copier.CopyAsync(file.Id, file.Path, cancellationToken))?.Link;

        public async Task<IReadOnlyList<(ExportFile File, string? Link)>> FilesAsync(ExportNote note)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var files = new List<(ExportFile, string?)>(note.Files.Count);
            foreach (var file in note.Files)
            {
                files.Add((file, await LinkAsync(file)));
            }

            return files;
        }

        public void NoteDone() => progress?.Report(new ExportProgress(++_done, total, "Writing notes"));
    }
}
