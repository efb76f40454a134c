using Dataans.Contracts.Operations;
using Dataans.Core.Operations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dataans.Core.Storage;

/// <summary>
/// The local notes store of one data directory, as the app sees it: spaces, notes, their files and
/// history. Changes are written as operations in the same transaction (see <see cref="StoreTransactions"/>);
/// what sync keeps is in <see cref="SyncLedger"/> and <see cref="FileSyncLedger"/>.
/// Thread-safe: writes are serialized in-process and by SQLite's write lock across processes.
/// </summary>
public sealed partial class DataansStore : IDisposable
{
    private DataansStore(DataDirectory directory, NotesDatabase database, FilesFolder files, TimeProvider timeProvider, ILogger logger)
    {
        Logger = logger;
        Directory = directory;
        Database = database;
        Files = files;
        Transactions = new StoreTransactions(database, timeProvider);
        Reader = new NoteReader(files);
        SyncLedger = new SyncLedger(Transactions, timeProvider);
        FileSyncLedger = new FileSyncLedger(Transactions, files);
        Preferences = new LocalPreferences(Transactions);
    }

    /// <summary>Raised after a committed change (local or remote), outside any lock.</summary>
    public event Action<ChangeSet>? Changed
    {
        add => Transactions.Changed += value;
        remove => Transactions.Changed -= value;
    }

    /// <summary>The data directory this store lives in.</summary>
    public DataDirectory Directory { get; }

    /// <summary>The SQLite database (tests and tools open connections to it).</summary>
    public NotesDatabase Database { get; }

    /// <summary>The folder that holds the files' bytes.</summary>
    public FilesFolder Files { get; }

    /// <summary>The operation half of sync's bookkeeping: server position, outbox, quarantine.</summary>
    public SyncLedger SyncLedger { get; }

    /// <summary>The file half of sync's bookkeeping: which files the server holds, uploads in progress.</summary>
    public FileSyncLedger FileSyncLedger { get; }

    /// <summary>How this device left the app (the selected space); never synced.</summary>
    public LocalPreferences Preferences { get; }

    /// <summary>The units of work every part of the store (and export, search, import) runs its SQL in.</summary>
    internal StoreTransactions Transactions { get; }

    /// <summary>Turns rows into visible spaces and notes.</summary>
    internal NoteReader Reader { get; }

    /// <summary>Where the store logs (migrations, recovery, imports): the logger given at open, or none.</summary>
    internal ILogger Logger { get; }

    /// <exception cref="StoreException">The database cannot be opened or migrated.</exception>
    public static Task<DataansStore> OpenAsync(DataDirectory directory, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default) =>
        OpenAsync(directory, timeProvider, NullLogger.Instance, cancellationToken);

    /// <summary>Opens the store, logging migrations, recovery after an interrupted write, and imports to <paramref name="logger"/>.</summary>
    /// <exception cref="StoreException">The database cannot be opened or migrated.</exception>
    public static async Task<DataansStore> OpenAsync(DataDirectory directory, TimeProvider? timeProvider, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var tightened = PrivateDataFolder.Secure(directory.Root);
        var database = await NotesDatabase.OpenAsync(directory.DatabasePath, logger, cancellationToken);
        var files = new FilesFolder(directory.FilesPath);
        var removed = await FileCommitJournal.RecoverAsync(files, path => IsFileReferencedAsync(database, path, cancellationToken));
        if (removed > 0)
        {
            Log.OrphanFilesRemoved(logger, removed);
        }

        files.CleanStaging();
        var store = new DataansStore(directory, database, files, timeProvider ?? TimeProvider.System, logger) { PermissionsTightened = tightened };
        await store.SyncLedger.RebuildSecondaryIndexesIfDeferredAsync(cancellationToken); // a pull that did not finish (a crash)
        await store.SyncLedger.RebuildSearchIndexIfDeferredAsync(cancellationToken);
        return store;
    }

    /// <summary>
    /// How many folders and files of the data folder were open to other accounts and were made private when
    /// the store opened (0 normally; see <see cref="PrivateDataFolder"/>). The app tells the user once.
    /// </summary>
    public int PermissionsTightened { get; private init; }

    /// <summary>Releases the write lock; pooled connections close with the process.</summary>
    public void Dispose()
    {
        Transactions.Dispose();
        Files.Dispose();
    }

    /// <summary>Applies operations that came from elsewhere in one transaction; known ids are skipped.</summary>
    internal Task<ChangeSet> ApplyAsync(IEnumerable<OperationRecord> records, bool isLocal = false, CancellationToken cancellationToken = default) =>
        Transactions.ApplyAsync(records, isLocal, null, cancellationToken: cancellationToken);

    private static async Task<bool> IsFileReferencedAsync(NotesDatabase database, string path, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM files WHERE path = $path)";
        command.Parameters.AddWithValue("$path", path);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! != 0;
    }
}
