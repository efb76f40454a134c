using System.Text;
using Dataans.Contracts;
using Dataans.Core.Storage;

namespace Dataans.Core.Export;

/// <summary>
/// Writes our versioned JSON export (<see cref="ExportDocument"/>, <c>"format": "dataans-export"</c>)
/// of every visible space, note and file, optionally with the attachment and avatar bytes.
/// Thread-safe: each call reads one consistent snapshot of the store and writes its own output.
/// </summary>
public static class JsonExporter
{
    /// <summary>
    /// Writes <c>dataans-export-&lt;UTC yyyyMMdd-HHmmss&gt;.json</c> (with a <c>-2</c>, <c>-3</c>… suffix when
    /// that name exists) into <paramref name="outputDirectory"/>, creating the folder if needed. With
    /// <paramref name="withFiles"/>, the bytes go to a sibling <c>files/</c> folder under safe names and each
    /// file's <c>data_path</c> (relative to the JSON file) and <c>size</c> are set; files whose bytes this
    /// device does not have are listed without them.
    /// </summary>
    /// <returns>The full path of the JSON file.</returns>
    /// <exception cref="ArgumentException"><paramref name="outputDirectory"/> is empty.</exception>
    /// <exception cref="IOException">The output cannot be written (nothing partial is left behind).</exception>
    /// <exception cref="UnauthorizedAccessException">The output folder is not writable.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing is left behind.</exception>
    public static Task<string> ExportAsync(
        DataansStore store,
        string outputDirectory,
        bool withFiles,
        IProgress<ExportProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        ExportAsync(store, outputDirectory, withFiles, TimeProvider.System, progress, cancellationToken);

    internal static async Task<string> ExportAsync(
        DataansStore store,
        string outputDirectory,
        bool withFiles,
        TimeProvider timeProvider,
        IProgress<ExportProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        var now = timeProvider.GetUtcNow();
        var directory = Path.GetFullPath(outputDirectory);
        Directory.CreateDirectory(directory);
        progress?.Report(new ExportProgress(0, 1, "Reading"));
        var (document, fileTimes) = await store.Transactions.ReadAsync(batch => (StateReader.Read(store, batch), FileRows.ReadTimes(batch)), cancellationToken);

        var copier = withFiles ? new ExportFileCopier(store.Files, Path.Combine(directory, ExportOutput.FilesFolderName), ExportOutput.FilesFolderName + "/") : null;
        var temporary = ExportOutput.TemporaryPath(directory);
        try
        {
            var total = document.Spaces.Sum(space => space.Notes.Sum(note => note.Files.Count) + (space.Avatar is null ? 0 : 1));
            var done = 0;
            async Task<ExportFile> CompleteAsync(ExportFile file)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var copied = copier is null ? null : await copier.CopyAsync(file.Id, file.Path, cancellationToken);
                var times = fileTimes.TryGetValue(file.Id, out var known) ? known : default;
                progress?.Report(new ExportProgress(++done, total, withFiles ? "Copying files" : "Listing files"));
                return file with
                {
                    Size = copied?.Size,
                    DataPath = copied?.Link,
                    CreatedAt = times.Created?.ToString(),
                    UpdatedAt = times.Updated?.ToString(),
                };
            }

            var spaces = new List<ExportSpace>(document.Spaces.Count);
            foreach (var space in document.Spaces)
            {
                var avatar = space.Avatar is null ? null : await CompleteAsync(space.Avatar);
                var notes = new List<ExportNote>(space.Notes.Count);
                foreach (var note in space.Notes)
                {
                    var files = new List<ExportFile>(note.Files.Count);
                    foreach (var file in note.Files)
                    {
                        files.Add(await CompleteAsync(file));
                    }

                    notes.Add(note with { Files = files });
                }

                spaces.Add(space with { Avatar = avatar, Notes = notes });
            }

            var complete = document with { Spaces = spaces, ExportedAt = Timestamp.FromDateTimeOffset(now).ToString() };
            progress?.Report(new ExportProgress(0, 1, "Writing"));
            await File.WriteAllTextAsync(temporary, complete.ToJson() + "\n", new UTF8Encoding(false), cancellationToken);
            var path = ExportOutput.MoveFileIntoPlace(temporary, directory, ExportOutput.BaseName(now), ".json");
            progress?.Report(new ExportProgress(1, 1, "Writing"));
            return path;
        }
        catch
        {
            ExportOutput.DeleteQuietly(temporary);
            copier?.RollBack();
            throw;
        }
    }
}
