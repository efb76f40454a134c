using System.Security.Cryptography;
using System.Text;
using Dataans.Contracts;
using Dataans.Core.Storage;

namespace Dataans.Core.Import;

/// <summary>
/// Collects what an import file holds into an <see cref="ImportSet"/>: refuses duplicate ids, reduces
/// every file name and path to a safe file name in the files folder (anything that tries to leave a
/// folder is an error), and checks <c>data_path</c>s: inside the export folder, no symbolic links, the
/// bytes present and of the stated size. Not thread-safe.
/// </summary>
internal sealed class ImportSetBuilder(string exportFolder)
{
    public const int MaxFileNameLength = 1024;
    public const int MaxPathLength = 4096;
    public const string UnnamedSpace = "Unnamed space";

    private readonly string _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(exportFolder));
    private readonly HashSet<Guid> _spaceIds = [];
    private readonly HashSet<Guid> _noteIds = [];

    public ImportSet Set { get; } = new();

    /// <summary>A name for a space: whitespace-only names (the original allowed them) get a placeholder.</summary>
    public static string SpaceName(string name) => string.IsNullOrWhiteSpace(name) ? UnnamedSpace : name;

    /// <summary>A stable avatar id for a space whose file names none (or the original's shared default).</summary>
    public static Guid DerivedAvatarId(Guid spaceId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"dataans-import-avatar:{spaceId:D}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    public void AddSpace(ImportSpace space)
    {
        if (!_spaceIds.Add(space.Id))
        {
            throw new ImportException($"Space '{space.Id}' appears more than once.");
        }

        Set.Spaces.Add(space);
    }

    public void AddNote(ImportNote note)
    {
        if (!_noteIds.Add(note.Id))
        {
            throw new ImportException($"Note '{note.Id}' appears more than once.");
        }

        Set.Notes.Add(note with { FileIds = note.FileIds.Distinct().ToList() });
    }

    /// <summary>Adds an attachment; its stored name keeps the file name of <paramref name="rawPath"/> (prefixed by the id).</summary>
    public void AddAttachment(Guid id, string name, string? rawPath, string? dataPath, long? size, Timestamp createdAt, Timestamp updatedAt, string where)
    {
        var safeName = SafeName(name, where);
        var last = LastSegment(rawPath, where);
        var path = last is not null && StartsWithId(last, id) ? last : FilesFolder.StoredNameFor(id, last ?? safeName);
        Add(new ImportFile(id, safeName, path, createdAt, updatedAt, ResolveDataPath(dataPath, size, where), GenerateAvatar: false), where);
    }

    /// <summary>Adds a space's avatar; without bytes one is generated at import.</summary>
    public void AddAvatar(Guid id, string? name, string? rawPath, string? dataPath, long? size, Timestamp createdAt, Timestamp updatedAt, string where)
    {
        var last = LastSegment(rawPath, where);
        var path = last is not null && StartsWithId(last, id) ? last : $"{id}.png";
        var full = ResolveDataPath(dataPath, size, where);
        Add(new ImportFile(id, name is null ? path : SafeName(name, where), path, createdAt, updatedAt, full, GenerateAvatar: full is null), where);
    }

    private void Add(ImportFile file, string where)
    {
        if (!Set.Files.TryGetValue(file.Id, out var known))
        {
            Set.Files.Add(file.Id, file);
            return;
        }

        if (known.Name != file.Name || known.Path != file.Path)
        {
            throw new ImportException($"{where} uses the id of another file with a different name or path.");
        }

        var dataPath = known.DataPath ?? file.DataPath;
        Set.Files[file.Id] = known with { DataPath = dataPath, GenerateAvatar = dataPath is null && (known.GenerateAvatar || file.GenerateAvatar) };
    }

    private static string SafeName(string name, string where)
    {
        RefuseUnsafe(name, "name", where);

        return FilesFolder.SafeFileName(name);
    }

    /// <summary>The safe file name at the end of a path from the import (absolute paths are normal in V1 backups).</summary>
    private static string? LastSegment(string? rawPath, string where)
    {
        if (string.IsNullOrEmpty(rawPath))
        {
            return null;
        }

        RefuseUnsafe(rawPath, "path", where);

        var safe = FilesFolder.SafeFileName(rawPath.Split('/', '\\')[^1], fallback: string.Empty);
        return safe.Length == 0 ? null : safe;
    }

    /// <summary>The checked full path of bytes shipped beside the import file, or null.</summary>
    private string? ResolveDataPath(string? dataPath, long? size, string where)
    {
        if (dataPath is null)
        {
            return null;
        }

        if (dataPath.Any(char.IsControl))
        {
            throw new ImportException($"{where} has a data_path with control characters, which no file name holds.");
        }

        var segments = dataPath.Split('/', '\\');
        if (dataPath.Length == 0 || Path.IsPathRooted(dataPath) || dataPath[0] is '/' or '\\' || dataPath.Contains(':', StringComparison.Ordinal)
            || HasTraversal(dataPath))
        {
            throw new ImportException($"{where} has a data_path that points outside the export folder.");
        }

        var current = _root;
        foreach (var segment in segments.Where(segment => segment.Length > 0 && segment != "."))
        {
            current = Path.Combine(current, segment);
            FileSystemInfo entry = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (entry.Exists && entry.LinkTarget is not null)
            {
                throw new ImportException($"{where} has a data_path that is a symbolic link, which import does not follow.");
            }
        }

        var full = Path.GetFullPath(current);
        if (!full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ImportException($"{where} has a data_path that points outside the export folder.");
        }

        if (!File.Exists(full))
        {
            throw new ImportException($"{where} has a data_path '{Shorten(dataPath)}' but no such file is beside the export.");
        }

        var length = new FileInfo(full).Length;
        if (size is { } expected && expected != length)
        {
            throw new ImportException($"{where} says it has {expected} bytes but '{Shorten(dataPath)}' has {length}.");
        }

        return full;
    }

    private static bool HasTraversal(string text) => text.Split('/', '\\').Any(segment => segment == "..");

    /// <summary>Refuses a file name or path from the import that holds control characters or a ".." segment.</summary>
    private static void RefuseUnsafe(string text, string kind, string where)
    {
        if (text.Any(char.IsControl))
        {
            throw new ImportException($"{where} has a {kind} with control characters, which no file name holds.");
        }

        if (HasTraversal(text))
        {
            throw new ImportException($"{where} has a {kind} that tries to leave its folder.");
        }
    }

    private static bool StartsWithId(string name, Guid id) =>
        name.StartsWith(id.ToString("D"), StringComparison.OrdinalIgnoreCase);

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
