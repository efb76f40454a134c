using System.Globalization;
using System.Text;
using Dataans.Core.Storage;

namespace Dataans.Core.Export;

/// <summary>
/// Names and places export outputs: a base name from the UTC time, made unique so an export never
/// fails or overwrites because something of that name exists. Outputs are written under a hidden
/// temporary name and moved into place, so a failed export leaves no half-written file.
/// </summary>
internal static class ExportOutput
{
    public const string FilesFolderName = "files";
    private const int MaxAttempts = 10_000;

    /// <summary><c>dataans-export-yyyyMMdd-HHmmss</c> in UTC.</summary>
    public static string BaseName(DateTimeOffset now) =>
        "dataans-export-" + now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);

    /// <summary>A temporary path in <paramref name="directory"/> that nothing else uses.</summary>
    public static string TemporaryPath(string directory) =>
        Path.Combine(directory, $".dataans-export-{Guid.NewGuid():N}.partial");

    /// <summary>Moves a finished file to <c>baseName[-N].extension</c>; returns the final path.</summary>
    public static string MoveFileIntoPlace(string temporary, string directory, string baseName, string extension)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var target = Path.Combine(directory, Candidate(baseName, attempt) + extension);
            if (File.Exists(target) || Directory.Exists(target))
            {
                continue;
            }

            try
            {
                File.Move(temporary, target, overwrite: false);
                return target;
            }
            catch (IOException) when (File.Exists(target) || Directory.Exists(target))
            {
                // Another export took the name between the check and the move: try the next one.
            }
        }

        throw new IOException($"No free file name for the export in '{directory}'.");
    }

    /// <summary>Moves a finished folder to <c>baseName[-N]</c>; returns the final path.</summary>
    public static string MoveFolderIntoPlace(string temporary, string directory, string baseName)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var target = Path.Combine(directory, Candidate(baseName, attempt));
            if (File.Exists(target) || Directory.Exists(target))
            {
                continue;
            }

            try
            {
                Directory.Move(temporary, target);
                return target;
            }
            catch (IOException) when (File.Exists(target) || Directory.Exists(target))
            {
                // Taken concurrently: try the next name.
            }
        }

        throw new IOException($"No free folder name for the export in '{directory}'.");
    }

    /// <summary>
    /// A name safe on Windows, macOS and Linux made of a readable part and an id suffix:
    /// <c>&lt;safe text&gt;-&lt;first 8 hex digits of the id&gt;&lt;extension&gt;</c>, or the whole id when
    /// that short form is already taken (compared case-insensitively, as Windows and macOS do).
    /// </summary>
    public static string UniqueName(string text, Guid id, string extension, ISet<string> taken, string fallback)
    {
        var readable = Shorten(FilesFolder.SafeFileName(text, fallback), 80);
        var name = $"{readable}-{id.ToString("N")[..8]}{extension}";
        if (!taken.Add(name))
        {
            name = $"{readable}-{id:N}{extension}";
            taken.Add(name);
        }

        return name;
    }

    public static void DeleteQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary name is hidden and harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    private static string Candidate(string baseName, int attempt) =>
        attempt == 1 ? baseName : string.Create(CultureInfo.InvariantCulture, $"{baseName}-{attempt}");

    /// <summary>Cuts to at most <paramref name="maxRunes"/> characters without splitting a surrogate pair.</summary>
    private static string Shorten(string text, int maxRunes)
    {
        var builder = new StringBuilder();
        var count = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (count++ == maxRunes)
            {
                break;
            }

            builder.Append(rune.ToString());
        }

        var shortened = builder.ToString().TrimEnd(' ', '.');
        return shortened.Length == 0 ? "_" : shortened;
    }
}
