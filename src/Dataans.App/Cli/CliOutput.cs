using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dataans.Contracts;
using Dataans.Core.Export;
using Dataans.Core.Model;
using Dataans.Core.Search;
using Dataans.Core.Storage;

namespace Dataans.App.Cli;

/// <summary>
/// Prints results: the <c>--json</c> shapes of <see cref="CliJsonContext"/>, or concise lines for a
/// person, with times in the local time zone and search matches in bold (terminal) or [brackets].
/// </summary>
internal sealed class CliOutput(CliEnvironment environment, bool isJson)
{
    private const string Bold = "\u001b[1m";
    private const string NotBold = "\u001b[22m";

    public bool IsJson => isJson;

    public void Json<T>(T value)
    {
        var typeInfo = (JsonTypeInfo<T>)CliJsonContext.Output.GetTypeInfo(typeof(T))!;
        environment.Out.WriteLine(JsonSerializer.Serialize(value, typeInfo));
    }

    public void Line(string text = "") => environment.Out.WriteLine(text);

    /// <summary>A note to the user that is not the result (e.g. "showing 50 of 80"): goes to standard error.</summary>
    public void Remark(string text) => environment.Error.WriteLine(text);

    public string LocalTime(Timestamp time) =>
        TimeZoneInfo.ConvertTime(time.ToDateTimeOffset(), environment.TimeProvider.LocalTimeZone)
            .ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Columns padded to the widest cell; the last column is left ragged.</summary>
    public void Table(string[] headers, IReadOnlyList<string[]> rows)
    {
        var widths = headers.Select((header, column) => rows.Select(row => row[column].Length).Append(header.Length).Max()).ToArray();
        foreach (var row in rows.Prepend(headers))
        {
            var cells = row.Select((cell, column) => column == row.Length - 1 ? cell : cell.PadRight(widths[column]));
            Line(string.Join("  ", cells).TrimEnd());
        }
    }

    /// <summary>A note as a header line (id, time, marks) followed by its text, indented.</summary>
    public void NoteSummary(Note note)
    {
        var marks = new List<string> { LocalTime(note.CreatedAt) };
        if (note.IsEdited)
        {
            marks.Add("edited");
        }

        if (note.HasConflict)
        {
            marks.Add("conflict");
        }

        if (note.Files.Count > 0)
        {
            marks.Add(note.Files.Count == 1 ? "1 file" : $"{note.Files.Count} files");
        }

        Line($"{note.Id}  {string.Join("  ", marks)}");
        Indented(note.Text);
    }

    public void NoteDetails(Note note, string spaceName, FilesFolder folder)
    {
        Line($"Note      {note.Id}");
        Line($"Space     {spaceName} ({note.SpaceId})");
        Line($"Created   {LocalTime(note.CreatedAt)}");
        if (note.IsEdited)
        {
            Line($"Updated   {LocalTime(note.UpdatedAt)}");
        }

        if (note.HasConflict)
        {
            Line("Conflict  yes: see 'dataans note history'");
        }

        foreach (var file in note.Files)
        {
            var json = FileJson.From(file, folder);
            var size = file.Size is { } bytes ? $" ({Size(bytes)})" : string.Empty;
            Line($"File      {file.Name}{size}  {json.Path ?? "(not on this device)"}");
        }

        Line();
        Line(note.Text);
    }

    public void Indented(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            Line(line.Length == 0 ? string.Empty : "    " + line.TrimEnd('\r'));
        }
    }

    /// <summary>A snippet on one line, its matches in bold on a terminal and in [brackets] elsewhere.</summary>
    public string HighlightForPerson(string snippet)
    {
        var (start, end) = environment.UseAnsiStyles ? (Bold, NotBold) : ("[", "]");
        var builder = new StringBuilder(snippet.Length + 8);
        var lastWasSpace = false;
        foreach (var c in snippet)
        {
            var isSpace = char.IsWhiteSpace(c);
            if (isSpace && lastWasSpace)
            {
                continue;
            }

            lastWasSpace = isSpace;
            builder.Append(c switch
            {
                NoteSearch.HighlightStart => start,
                NoteSearch.HighlightEnd => end,
                _ when isSpace => " ",
                _ => c.ToString(),
            });
        }

        return builder.ToString().Trim();
    }

    /// <summary>Removes the highlight markers and says where the matches were, as [start, length] pairs.</summary>
    public static (string Text, List<int[]> Highlights) SplitHighlights(string snippet)
    {
        var text = new StringBuilder(snippet.Length);
        var highlights = new List<int[]>();
        var start = -1;
        foreach (var c in snippet)
        {
            switch (c)
            {
                case NoteSearch.HighlightStart:
                    start = text.Length;
                    break;
                case NoteSearch.HighlightEnd when start >= 0:
                    highlights.Add([start, text.Length - start]);
                    start = -1;
                    break;
                case NoteSearch.HighlightEnd:
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        return (text.ToString(), highlights);
    }

    /// <summary>Progress of long work on standard error, only when it is a terminal.</summary>
    public TerminalProgress? Progress() => environment.IsErrorTerminal ? new TerminalProgress(environment.Error) : null;

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB"),
    };
}

/// <summary>Rewrites one status line on a terminal; reports may come from any thread.</summary>
internal sealed class TerminalProgress(TextWriter error) : IProgress<ExportProgress>
{
    private readonly Lock _lock = new();
    private bool _reported;

    public void Report(ExportProgress value)
    {
        lock (_lock)
        {
            _reported = true;
            error.Write($"\r{value.Stage}: {value.Done}/{value.Total}\u001b[K");
        }
    }

    public void Finish()
    {
        lock (_lock)
        {
            if (_reported)
            {
                error.WriteLine();
            }
        }
    }
}
