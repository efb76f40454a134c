using Dataans.Contracts.Operations;
using Dataans.Core.Operations;

namespace Dataans.Core.Storage;

/// <summary>
/// The local notes store of one data directory, as the app sees it: spaces, notes, their files and
/// history. Changes are written as operations in the same transaction (see <see cref="StoreTransactions"/>);
/// what sync keeps is in <see cref="SyncLedger"/> and <see cref="FileSyncLedger"/>.
/// Thread-safe: writes are serialized in-process and by SQLite's write lock across processes.
/// </summary>
public sealed partial class DataansStore : IDisposable
{
    private DataansStore(DataDirectory directory, NotesDatabase database, FilesFolder files, TimeProvider timeProvider)
    {
        Directory = directory;
        Database = database;
        Files = files;
        Transactions = new StoreTransactions(database, timeProvider);
        Reader = new NoteReader(files);
        SyncLedger = new SyncLedger(Transactions);
        FileSyncLedger = new FileSyncLedger(Transactions, files);
    }

    /// <summary>Raised after a committed change (local or remote), outside any lock.</summary>
    public event Action<ChangeSet>? Changed
    {
        add => Transactions.Changed += value;
        remove => Transactions.Changed -= value;
    }

    public DataDirectory Directory { get; }

    public NotesDatabase Database { get; }

    public FilesFolder Files { get; }

    /// <summary>The operation half of sync's bookkeeping: server position, outbox, quarantine.</summary>
    public SyncLedger SyncLedger { get; }

    /// <summary>The file half of sync's bookkeeping: which files the server holds, uploads in progress.</summary>
    public FileSyncLedger FileSyncLedger { get; }

    /// <summary>The units of work every part of the store (and export, search, import) runs its SQL in.</summary>
    internal StoreTransactions Transactions { get; }

    /// <summary>Turns rows into visible spaces and notes.</summary>
    internal NoteReader Reader { get; }

    /// <exception cref="StoreException">The database cannot be opened or migrated.</exception>
    public static async Task<DataansStore> OpenAsync(DataDirectory directory, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        var tightened = PrivateDataFolder.Secure(directory.Root);
        var database = await NotesDatabase.OpenAsync(directory.DatabasePath, cancellationToken);
        var files = new FilesFolder(directory.FilesPath);
        await FileCommitJournal.RecoverAsync(files, path => IsFileReferencedAsync(database, path, cancellationToken));
        files.CleanStaging();
        return new DataansStore(directory, database, files, timeProvider ?? TimeProvider.System) { PermissionsTightened = tightened };
    }

    /// <summary>
    /// How many folders and files of the data folder were open to other accounts and were made private when
    /// the store opened (0 normally; see <see cref="PrivateDataFolder"/>). The app tells the user once.
    /// </summary>
    public int PermissionsTightened { get; private init; }

    public void Dispose() => Transactions.Dispose();

    /// <summary>Applies operations that came from elsewhere in one transaction; known ids are skipped.</summary>
    internal Task<ChangeSet> ApplyAsync(IEnumerable<OperationRecord> records, bool isLocal = false, CancellationToken cancellationToken = default) =>
        Transactions.ApplyAsync(records, isLocal, null, cancellationToken);

    private static async Task<bool> IsFileReferencedAsync(NotesDatabase database, string path, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM files WHERE path = $path)";
        command.Parameters.AddWithValue("$path", path);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! != 0;
    }
}
