using System.Globalization;
using Dataans.Core.Storage;

namespace Dataans.Core.Export;

/// <summary>
/// Copies attachment and avatar bytes from the files folder into an export's <c>files/</c> folder,
/// once per file id, under safe names. A name already used by different bytes (an earlier export into
/// the same folder, or two files whose names collide) gets a <c>-2</c>, <c>-3</c>… suffix; identical
/// bytes already there are reused. Not thread-safe: one copier belongs to one export.
/// </summary>
internal sealed class ExportFileCopier(FilesFolder source, string targetDirectory, string linkPrefix)
{
    private readonly Dictionary<Guid, CopiedFile?> _copied = [];
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _created = [];

    /// <summary>
    /// Copies the bytes of <paramref name="storedPath"/> (once per id) and returns the link relative to
    /// the export, or null when this device does not have the bytes.
    /// </summary>
    public async Task<CopiedFile?> CopyAsync(Guid id, string storedPath, CancellationToken cancellationToken)
    {
        if (_copied.TryGetValue(id, out var known))
        {
            return known;
        }

        CopiedFile? result = null;
        if (source.Resolve(storedPath) is { } full && File.Exists(full))
        {
            Directory.CreateDirectory(targetDirectory);
            var safe = FilesFolder.SafeFileName(storedPath, id.ToString());
            result = await CopyToFreeNameAsync(full, safe, cancellationToken);
        }

        _copied[id] = result;
        return result;
    }

    /// <summary>Removes the files this copier created (the export failed).</summary>
    public void RollBack()
    {
        foreach (var path in _created)
        {
            ExportOutput.DeleteQuietly(path);
        }

        _created.Clear();
    }

    private async Task<CopiedFile> CopyToFreeNameAsync(string sourcePath, string safeName, CancellationToken cancellationToken)
    {
        var stem = Path.GetFileNameWithoutExtension(safeName);
        var extension = Path.GetExtension(safeName);
        for (var attempt = 1; ; attempt++)
        {
            var name = attempt == 1 ? safeName : string.Create(CultureInfo.InvariantCulture, $"{stem}-{attempt}{extension}");
            if (!_names.Add(name))
            {
                continue;
            }

            var target = Path.Combine(targetDirectory, name);
            if (File.Exists(target))
            {
                if (await SameBytesAsync(sourcePath, target, cancellationToken))
                {
                    return new CopiedFile(linkPrefix + name, new FileInfo(target).Length);
                }

                continue;
            }

            try
            {
                return new CopiedFile(linkPrefix + name, await CopyNewAsync(sourcePath, target, cancellationToken));
            }
            catch (IOException) when (File.Exists(target) && !_created.Contains(target))
            {
                // Created by someone else between the check and the copy: try the next name.
            }
        }
    }

    private async Task<long> CopyNewAsync(string sourcePath, string target, CancellationToken cancellationToken)
    {
        await using var input = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
        await using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
        _created.Add(target);
        await input.CopyToAsync(output, cancellationToken);
        return output.Length;
    }

    private static async Task<bool> SameBytesAsync(string left, string right, CancellationToken cancellationToken)
    {
        if (new FileInfo(left).Length != new FileInfo(right).Length)
        {
            return false;
        }

        await using var a = new FileStream(left, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
        await using var b = new FileStream(right, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
        var bufferA = new byte[81920];
        var bufferB = new byte[81920];
        while (true)
        {
            var read = await a.ReadAtLeastAsync(bufferA, bufferA.Length, throwOnEndOfStream: false, cancellationToken);
            var readB = await b.ReadAtLeastAsync(bufferB, read, throwOnEndOfStream: false, cancellationToken);
            if (read != readB || !bufferA.AsSpan(0, read).SequenceEqual(bufferB.AsSpan(0, read)))
            {
                return false;
            }

            if (read < bufferA.Length)
            {
                return true;
            }
        }
    }
}

/// <summary>Where an exported file's bytes went (relative to the export) and how many there are.</summary>
internal sealed record CopiedFile(string Link, long Size);
