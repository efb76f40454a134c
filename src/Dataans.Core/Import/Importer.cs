using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Dataans.Core.Avatars;
using Dataans.Core.Diagnostics;
using Dataans.Core.Export;
using Dataans.Core.Storage;

namespace Dataans.Core.Import;

/// <summary>
/// Imports our JSON export (<c>"format": "dataans-export"</c>, with or without file bytes) or a JSON V1
/// backup of the original Dataans app (times as RFC 3339 text or the <c>time</c> crate's 9-number arrays).
/// Thread-safe: the import is validated in full first and then written in one store transaction.
/// </summary>
public static class Importer
{
    /// <summary>The largest import file accepted.</summary>
    public const long MaxFileBytes = 512L * 1024 * 1024;

    /// <summary>The deepest JSON nesting accepted (a valid export needs 7 levels).</summary>
    public const int MaxDepth = 32;

    /// <summary>
    /// Imports the spaces, notes and files of <paramref name="path"/>, keeping their ids and times, as
    /// ordinary local operations (they will sync). Idempotent: importing the same file again changes
    /// nothing and logs no operation. Newer local data wins over older imported data. Avatars without
    /// bytes are generated; attachments without bytes are recorded and show as missing. Every file name
    /// and path from the import is reduced to a safe name inside the files folder.
    /// </summary>
    /// <exception cref="ImportException">
    /// The file is missing, too large, not valid JSON, of an unknown version, or holds malformed or
    /// hostile data (duplicate ids, wrong types, missing fields, paths leaving their folder). Nothing
    /// was changed.
    /// </exception>
    /// <exception cref="OperationCanceledException">Cancelled before the write; nothing was changed.</exception>
    public static async Task<ImportResult> ImportAsync(
        DataansStore store,
        string path,
        IProgress<ExportProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        progress?.Report(new ExportProgress(0, 1, "Reading"));
        var full = Path.GetFullPath(path);
        ImportSet set;
        try
        {
            using var document = Parse(await ReadFileAsync(full, cancellationToken));
            set = ImportReader.Read(document.RootElement, Path.GetDirectoryName(full)!);
        }
        catch (ImportException)
        {
            Log.ImportRefused(store.Logger);
            throw;
        }

        var staged = await StageAsync(store, set, progress, cancellationToken);
        FaultInjection.Hit("import.staged");
        try
        {
            var result = await ImportWriter.WriteAsync(store, set, staged, progress, cancellationToken);
            Log.Imported(store.Logger, result.SpacesCreated, result.SpacesUpdated, result.NotesCreated, result.NotesUpdated, result.FilesImported, result.Unchanged);
            return result;
        }
        finally
        {
            foreach (var file in staged.Values)
            {
                FilesFolder.Discard(file);
            }
        }
    }

    private static async Task<byte[]> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            throw new ImportException($"'{path}' is a folder, not an export file.");
        }

        try
        {
            if (!File.Exists(path))
            {
                throw new ImportException($"There is no file at '{path}'.");
            }

            if (new FileInfo(path).Length > MaxFileBytes)
            {
                throw new ImportException("The file is larger than 512 MiB, the most an import accepts.");
            }

            var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            return bytes.Length > MaxFileBytes
                ? throw new ImportException("The file is larger than 512 MiB, the most an import accepts.")
                : bytes;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ImportException($"The file '{path}' cannot be read ({exception.Message.TrimEnd('.')}).", exception);
        }
    }

    /// <summary>Parses with a depth limit, reporting the line of the first problem.</summary>
    private static JsonDocument Parse(byte[] bytes)
    {
        ReadOnlyMemory<byte> json = bytes;
        if (json.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            json = json[3..];
        }

        // The JSON reader checks UTF-8 only when a string is read: find a bad byte before anything is read.
        if (!Utf8.IsValid(json.Span))
        {
            throw new ImportException($"The file is not valid UTF-8 text (line {LineOf(json.Span, FirstInvalidUtf8(json.Span))}).");
        }

        var reader = new Utf8JsonReader(json.Span, new JsonReaderOptions { MaxDepth = MaxDepth + 8 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= MaxDepth)
                {
                    throw new ImportException(
                        $"The file nests JSON more than {MaxDepth} levels deep (line {LineOf(json.Span, reader.TokenStartIndex)}), which no export does.");
                }
            }

            return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth + 8 });
        }
        catch (JsonException exception)
        {
            var line = (exception.LineNumber ?? 0) + 1;
            throw new ImportException($"The file is not valid JSON (line {line.ToString(CultureInfo.InvariantCulture)}).", exception);
        }
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> text)
    {
        var offset = 0;
        while (offset < text.Length && Rune.DecodeFromUtf8(text[offset..], out _, out var consumed) == OperationStatus.Done)
        {
            offset += consumed;
        }

        return offset;
    }

    private static long LineOf(ReadOnlySpan<byte> json, long offset) =>
        json[..(int)Math.Min(offset, json.Length)].Count((byte)'\n') + 1;

    /// <summary>Copies shipped bytes and generates missing avatars into staging, before the transaction.</summary>
    private static async Task<Dictionary<Guid, StagedFile>> StageAsync(DataansStore store, ImportSet set, IProgress<ExportProgress>? progress, CancellationToken cancellationToken)
    {
        var needed = set.Files.Values.Where(file => (file.DataPath is not null || file.GenerateAvatar) && !store.Files.Exists(file.Path)).ToList();
        var staged = new Dictionary<Guid, StagedFile>();
        try
        {
            foreach (var file in needed)
            {
                if (file.DataPath is { } dataPath)
                {
                    try
                    {
                        await using var source = new FileStream(dataPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
                        staged[file.Id] = await store.Files.StageAsync(source, cancellationToken);
                    }
                    catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                    {
                        throw new ImportException($"The bytes of file '{file.Id}' cannot be read from the export ({exception.Message.TrimEnd('.')}).", exception);
                    }
                }
                else
                {
                    staged[file.Id] = await store.Files.StageAsync(AvatarGenerator.Generate(file.Id), cancellationToken);
                }

                progress?.Report(new ExportProgress(staged.Count, needed.Count, "Copying files"));
            }
        }
        catch
        {
            foreach (var file in staged.Values)
            {
                FilesFolder.Discard(file);
            }

            throw;
        }

        return staged;
    }
}
