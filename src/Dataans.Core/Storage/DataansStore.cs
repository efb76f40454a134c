using System.Globalization;
using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Core.Files;
using Dataans.Core.Operations;
using Microsoft.Data.Sqlite;

namespace Dataans.Core.Storage;

/// <summary>
/// The local notes store of one data directory: spaces, notes and files in SQLite, their bytes in
/// the files folder, and the operation log written in the same transaction as each change.
/// Thread-safe: writes are serialized in-process and by SQLite's write lock across processes.
/// </summary>
public sealed partial class DataansStore : IDisposable
{
    private const string ClockKey = "hlc";
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly HybridClock _clock;

    private DataansStore(DataDirectory directory, NotesDatabase database, FilesFolder files, TimeProvider timeProvider)
    {
        Directory = directory;
        Database = database;
        Files = files;
        _clock = new HybridClock(timeProvider);
    }

    /// <summary>Raised after a committed change (local or remote), outside any lock.</summary>
    public event Action<ChangeSet>? Changed;

    public DataDirectory Directory { get; }

    public NotesDatabase Database { get; }

    public FilesFolder Files { get; }

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

    public void Dispose() => _writeLock.Dispose();

    private static async Task<bool> IsFileReferencedAsync(NotesDatabase database, string path, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM files WHERE path = $path)";
        command.Parameters.AddWithValue("$path", path);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! != 0;
    }

    /// <summary>
    /// Applies operations that came from elsewhere (sync, import) in one transaction; known ids are
    /// skipped. <paramref name="inTransaction"/> runs before the commit (e.g. to advance a cursor).
    /// </summary>
    internal async Task<ChangeSet> ApplyAsync(
        IEnumerable<OperationRecord> records,
        bool isLocal = false,
        Action<SqlBatch>? inTransaction = null,
        CancellationToken cancellationToken = default)
    {
        return await WriteAsync(
            (writer, _) =>
            {
                foreach (var record in records)
                {
                    writer.Observe(record.CreatedAt);
                    writer.Applier.Apply(record, isLocal);
                    Sync.FaultInjection.Hit("store.apply.record");
                }

                inTransaction?.Invoke(writer.Batch);
                return writer.Applier.Changes;
            },
            cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction with a clock and an applier.</summary>
    internal async Task<T> WriteAsync<T>(Func<LocalWriter, CancellationToken, T> work, CancellationToken cancellationToken)
    {
        ChangeSet changes;
        T result;
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await Database.OpenConnectionAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            using var batch = new SqlBatch(connection, transaction);
            var lastSeen = ReadClock(batch);
            var writer = new LocalWriter(batch, new OperationApplier(batch), _clock, lastSeen);
            result = work(writer, cancellationToken);
            if (writer.LastSeen != lastSeen)
            {
                SetMeta(batch, ClockKey, writer.LastSeen.UnixNanoseconds.ToString(CultureInfo.InvariantCulture));
            }

            await transaction.CommitAsync(cancellationToken);
            changes = writer.Applier.Changes;
        }
        finally
        {
            _writeLock.Release();
        }

        if (!changes.IsEmpty)
        {
            Changed?.Invoke(changes);
        }

        return result;
    }

    internal async Task<T> ReadAsync<T>(Func<SqlBatch, T> work, CancellationToken cancellationToken)
    {
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: true);
        using var batch = new SqlBatch(connection, transaction);
        return work(batch);
    }

    public async Task<string?> GetMetaAsync(string key, CancellationToken cancellationToken = default) =>
        await ReadAsync(batch => GetMeta(batch, key), cancellationToken);

    public async Task SetMetaAsync(string key, string value, CancellationToken cancellationToken = default) =>
        await WriteAsync((writer, _) => SetMeta(writer.Batch, key, value), cancellationToken);

    internal static string? GetMeta(SqlBatch batch, string key) =>
        batch.Scalar("SELECT value FROM meta WHERE key = @key", ("@key", key)) as string;

    internal static int SetMeta(SqlBatch batch, string key, string value) =>
        batch.Execute(
            "INSERT INTO meta (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            ("@key", key),
            ("@value", value));

    private static Timestamp ReadClock(SqlBatch batch) =>
        GetMeta(batch, ClockKey) is { } text && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var nanos)
            ? new Timestamp(nanos)
            : Timestamp.MinValue;
}

/// <summary>One write transaction: the SQL batch, the applier and the hybrid logical clock.</summary>
internal sealed class LocalWriter(SqlBatch batch, OperationApplier applier, HybridClock clock, Timestamp lastSeen)
{
    public SqlBatch Batch => batch;

    public OperationApplier Applier => applier;

    public Timestamp LastSeen { get; private set; } = lastSeen;

    /// <summary>A time later than everything this device has issued or seen.</summary>
    public Timestamp NextTime()
    {
        LastSeen = clock.Next(LastSeen);
        return LastSeen;
    }

    public void Observe(Timestamp time)
    {
        if (time > LastSeen)
        {
            LastSeen = time;
        }
    }

    /// <summary>Logs and applies a new local operation at <paramref name="time"/>.</summary>
    public OperationRecord Emit(Operation operation, Timestamp time)
    {
        var record = new OperationRecord(Guid.NewGuid(), time, operation);
        applier.Apply(record, isLocal: true);
        return record;
    }
}
