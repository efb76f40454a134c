using System.Text;

namespace Dataans.Core.Storage;

/// <summary>
/// The folder that holds attachment and avatar bytes. Stored paths are plain file names: anything
/// that could leave the folder (separators, <c>..</c>, rooted paths) is refused. New files are written
/// to a staging folder first and moved into place, so a crash never leaves a partial file visible.
/// Each writer (one per open store) stages in a folder of its own, <c>.staging/&lt;id&gt;/</c>, beside a
/// lock file <c>.staging/&lt;id&gt;.lock</c> it holds open exclusively: cleaning at open removes only the
/// folders of writers that are gone, never what another process (the app while the CLI opens the store)
/// is staging. Thread-safe.
/// </summary>
public sealed partial class FilesFolder : IDisposable
{
    private const int MaxNameBytes = 180;
    private readonly string _stagingPath;

    /// <summary>The files folder at <paramref name="root"/> (made absolute; created when first written).</summary>
    public FilesFolder(string root)
    {
        Root = Path.GetFullPath(root);
        _stagingPath = Path.Combine(Root, ".staging");
        PrivateDataFolder.CreateFolder(Root);
    }

    /// <summary>The absolute folder.</summary>
    public string Root { get; }

    /// <summary>The full path of a stored file name, or null if the name could escape the folder.</summary>
    public string? Resolve(string storedPath)
    {
        if (string.IsNullOrEmpty(storedPath) || storedPath.Length > 255 || storedPath is "." or ".."
            || storedPath.IndexOfAny(['/', '\\', '\0', ':']) >= 0 || storedPath.StartsWith('.'))
        {
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(Root, storedPath));
        return Path.GetDirectoryName(full) == Root ? full : null;
    }

    /// <summary>True when a file with this stored name is on disk.</summary>
    public bool Exists(string storedPath) => Resolve(storedPath) is { } full && File.Exists(full);

    /// <summary>The length in bytes of a stored file, or null when it is not on disk.</summary>
    public long? LengthOf(string storedPath) =>
        Resolve(storedPath) is { } full && new FileInfo(full) is { Exists: true } info ? info.Length : null;

    /// <summary>A stored name for an attachment: <c>&lt;id&gt;_&lt;safe original name&gt;</c>.</summary>
    public static string StoredNameFor(Guid id, string originalName) => $"{id}_{SafeFileName(originalName)}";

    /// <summary>A file name that is valid on Windows, macOS and Linux and keeps the extension.</summary>
    public static string SafeFileName(string name, string fallback = "file")
    {
        var builder = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes())
        {
            var value = rune.Value;
            var invalid = value < 32 || value == 127 || "<>:\"/\\|?*".Contains((char)Math.Min(value, 0xFFFF), StringComparison.Ordinal);
            builder.Append(invalid ? "_" : rune.ToString());
        }

        var safe = builder.ToString().Trim().TrimEnd('.').TrimStart('.');
        if (safe.Length == 0 || IsReservedWindowsName(safe))
        {
            safe = safe.Length == 0 ? fallback : "_" + safe;
        }

        while (Encoding.UTF8.GetByteCount(safe) > MaxNameBytes)
        {
            var extension = Path.GetExtension(safe);
            var stem = Path.GetFileNameWithoutExtension(safe);
            safe = extension.Length < 16 && stem.Length > 1
                ? stem[..^1] + extension
                : safe[..^1];
        }

        return safe;
    }

    /// <summary>Copies bytes into the staging folder; the caller commits or discards the result.</summary>
    public async Task<StagedFile> StageAsync(Stream source, CancellationToken cancellationToken = default)
    {
        var (path, settle) = ClaimStaging();
        try
        {
            await using (var target = new FileStream(path, PrivateDataFolder.NewFile(FileMode.CreateNew)))
            {
                await source.CopyToAsync(target, cancellationToken);
                await target.FlushAsync(cancellationToken);
                target.Flush(flushToDisk: true);
            }

            return new StagedFile(path, new FileInfo(path).Length) { Settle = settle };
        }
        catch
        {
            TryDelete(() => File.Delete(path));
            settle();
            throw;
        }
    }

    /// <summary>Writes <paramref name="bytes"/> to a staging file, to be committed under a stored name later.</summary>
    public async Task<StagedFile> StageAsync(byte[] bytes, CancellationToken cancellationToken = default)
    {
        using var source = new MemoryStream(bytes, writable: false);
        return await StageAsync(source, cancellationToken);
    }

    /// <summary>Moves a staged file to its stored name (replacing nothing).</summary>
    public void Commit(StagedFile staged, string storedPath)
    {
        var target = Resolve(storedPath) ?? throw new StoreException("The file name is not allowed.");
        File.Move(staged.Path, target, overwrite: false);
        staged.Settle?.Invoke();
    }

    /// <summary>Deletes a staging file that was not committed (nothing happens when it is gone).</summary>
    public static void Discard(StagedFile staged)
    {
        if (File.Exists(staged.Path))
        {
            File.Delete(staged.Path);
        }

        staged.Settle?.Invoke();
    }

    /// <summary>Removes a committed file again (used when its transaction rolled back).</summary>
    public void Remove(string storedPath)
    {
        if (Resolve(storedPath) is { } full && File.Exists(full))
        {
            File.Delete(full);
        }
    }

    private static bool IsReservedWindowsName(string name)
    {
        var stem = Path.GetFileNameWithoutExtension(name).ToUpperInvariant();
        return stem is "CON" or "PRN" or "AUX" or "NUL"
            || (stem.Length == 4 && (stem.StartsWith("COM", StringComparison.Ordinal) || stem.StartsWith("LPT", StringComparison.Ordinal)) && char.IsAsciiDigit(stem[3]));
    }
}

/// <summary>Bytes written to the staging folder, not yet visible.</summary>
public sealed record StagedFile(string Path, long Length)
{
    /// <summary>Ends the file's claim on its writer's staging folder (after its commit or discard); only the first call counts.</summary>
    internal Action? Settle { get; init; }
}
