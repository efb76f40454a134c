using System.Text;

namespace Dataans.Core.Storage;

/// <summary>
/// Names the staged files a write transaction moves into the files folder before its commit, so a
/// process killed between a move and the commit leaves no orphan: the next open removes every moved
/// file that no committed row names. A live journal is held open exclusively (an advisory lock on
/// Unix), so an open in another process never mistakes a running write for a dead one.
/// Not thread-safe: one journal belongs to one write.
/// </summary>
internal sealed class FileCommitJournal : IDisposable
{
    private const string FolderName = ".commits";
    private readonly FileStream _stream;

    private FileCommitJournal(FileStream stream) => _stream = stream;

    public static FileCommitJournal Begin(FilesFolder files)
    {
        var folder = PrivateDataFolder.CreateFolder(Path.Combine(files.Root, FolderName)).FullName;
        var path = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".journal");
        return new FileCommitJournal(new FileStream(path, PrivateDataFolder.NewFile(FileMode.CreateNew, FileOptions.DeleteOnClose, 4096)));
    }

    /// <summary>Durably notes a stored name before the staged bytes are moved there.</summary>
    public void Record(string storedPath)
    {
        _stream.Write(Encoding.UTF8.GetBytes(storedPath + "\n"));
        _stream.Flush(flushToDisk: true);
    }

    /// <summary>Deletes the journal: the write committed, or rolled back and removed its files.</summary>
    public void Dispose() => _stream.Dispose();

    /// <summary>
    /// Removes the files named by journals of dead writers that no row references, then the journals.
    /// Returns how many files were removed.
    /// </summary>
    public static async Task<int> RecoverAsync(FilesFolder files, Func<string, Task<bool>> isReferenced)
    {
        var folder = Path.Combine(files.Root, FolderName);
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var removed = 0;
        foreach (var journal in Directory.EnumerateFiles(folder, "*.journal"))
        {
            string text;
            try
            {
                using var stream = new FileStream(journal, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                using var reader = new StreamReader(stream, Encoding.UTF8);
                text = await reader.ReadToEndAsync();
            }
            catch (IOException)
            {
                continue; // a write in another process holds it
            }

            foreach (var path in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                if (files.Exists(path) && !await isReferenced(path))
                {
                    files.Remove(path);
                    removed++;
                }
            }

            File.Delete(journal);
        }

        return removed;
    }
}
