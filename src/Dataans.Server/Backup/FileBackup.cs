using System.Globalization;
using Dataans.Server.Storage.S3;

namespace Dataans.Server.Backup;

/// <summary>
/// The files side of a backup: a folder store's complete files are copied (partial uploads are left
/// out: devices resume them); an S3 bucket is backed up by its own versioning or replication, so a
/// backup keeps its listing and a restore reports what the bucket lacks.
/// </summary>
internal static class FileBackup
{
    public const string FolderName = "files";
    public const string S3ListingName = "s3-objects.tsv";

    public static int BackupFolder(string filesDir, string folder)
    {
        var target = Path.Combine(folder, FolderName);
        Directory.CreateDirectory(target);
        var count = 0;
        foreach (var file in CompleteFiles(filesDir))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(filesDir, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
            count++;
        }

        return count;
    }

    /// <summary>Puts back every backed-up file the folder lacks (or holds with another length); files stored since stay.</summary>
    public static int RestoreFolder(string folder, string filesDir)
    {
        var source = Path.Combine(folder, FolderName);
        var restored = 0;
        foreach (var file in CompleteFiles(source))
        {
            var target = Path.Combine(filesDir, Path.GetRelativePath(source, file));
            var existing = new FileInfo(target);
            if (existing.Exists && existing.Length == new FileInfo(file).Length)
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var temp = $"{target}.{Guid.NewGuid():N}.tmp";
            File.Copy(file, temp);
            File.Move(temp, target, overwrite: true);
            restored++;
        }

        return restored;
    }

    public static async Task<int> BackupS3ListingAsync(S3FileStore store, string folder, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(Path.Combine(folder, S3ListingName));
        var count = 0;
        await foreach (var (key, size) in store.ListCompleteFilesAsync(cancellationToken))
        {
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{key}\t{size}"));
            count++;
        }

        return count;
    }

    /// <summary>How many objects of the backup's listing the bucket no longer holds with their size.</summary>
    public static async Task<int> MissingFromS3Async(S3FileStore store, string folder, CancellationToken cancellationToken)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var (key, size) in store.ListCompleteFilesAsync(cancellationToken))
        {
            present.Add(string.Create(CultureInfo.InvariantCulture, $"{key}\t{size}"));
        }

        var listed = await File.ReadAllLinesAsync(Path.Combine(folder, S3ListingName), cancellationToken);
        return listed.Count(line => line.Length > 0 && !present.Contains(line));
    }

    private static IEnumerable<string> CompleteFiles(string root) => Directory.Exists(root)
        ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".part", StringComparison.Ordinal) && !f.EndsWith(".tmp", StringComparison.Ordinal))
        : [];
}
