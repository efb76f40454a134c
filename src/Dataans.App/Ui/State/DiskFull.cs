using Microsoft.Data.Sqlite;

namespace Dataans.App.Ui.State;

/// <summary>
/// Recognises a full disk behind SQLite's "database or disk is full" and the file system's "no space
/// left" errors, so the CLI and the UI can say so in one sentence. The store writes in one transaction
/// (files staged first, renamed only on commit), so a failure for lack of space saves nothing and loses nothing.
/// </summary>
internal static class DiskFull
{
    public const string Sentence = "The disk is full: nothing was saved. Free some space and try again.";

    private const int SqliteFull = 13;
    private const int Enospc = 28;
    private const int WindowsHandleDiskFull = 39;
    private const int WindowsDiskFull = 112;

    public static bool Is(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case SqliteException { SqliteErrorCode: SqliteFull }:
                    return true;
                case IOException io when (io.HResult & 0xFFFF) is Enospc or WindowsHandleDiskFull or WindowsDiskFull:
                    return true;
            }
        }

        return false;
    }
}
