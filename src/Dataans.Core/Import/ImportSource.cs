using Dataans.Core.Export;
using Dataans.Core.Import.Original;

namespace Dataans.Core.Import;

/// <summary>
/// What a path a user names for import is: a JSON file (our export or the original's V1 backup), a
/// folder of the original app, or a folder our export was written into (its newest
/// <c>dataans-export-*.json</c>, with the <c>files/</c> beside it). Immutable and thread-safe.
/// </summary>
public abstract record ImportSource
{
    private ImportSource()
    {
    }

    /// <exception cref="ImportException">Nothing importable is at <paramref name="path"/>.</exception>
    public static ImportSource Resolve(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path.Trim());
        if (File.Exists(full))
        {
            return new JsonFile(full);
        }

        if (!Directory.Exists(full))
        {
            throw new ImportException($"There is no file or folder at '{full}'.");
        }

        if (OriginalLocation.IsDataFolder(full) || File.Exists(Path.Combine(full, "configs", "config.toml")))
        {
            return new OriginalInstallation(OriginalLocation.FromFolder(full));
        }

        var newest = Directory.EnumerateFiles(full, "dataans-export-*.json").Order(StringComparer.Ordinal).LastOrDefault();
        return newest is not null
            ? new JsonFile(newest)
            : throw new ImportException($"'{full}' holds neither a Dataans export (dataans-export-*.json) nor an installation of the original app (db/dataans.sqlite).");
    }

    /// <summary>Our JSON export or the original's JSON V1 backup.</summary>
    public sealed record JsonFile(string Path) : ImportSource;

    /// <summary>A data folder of the original app.</summary>
    public sealed record OriginalInstallation(OriginalLocation Location) : ImportSource;
}
