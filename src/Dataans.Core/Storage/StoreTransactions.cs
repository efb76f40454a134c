using System.Globalization;
using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Core.Diagnostics;
using Dataans.Core.Operations;
using Microsoft.Data.Sqlite;

namespace Dataans.Core.Storage;

/// <summary>
/// The units of work on one notes database: read transactions, and write transactions with the
/// hybrid logical clock and an <see cref="OperationApplier"/>, serialized in-process (and across
/// processes by SQLite's write lock). Every part of the store (notes, sync state, file sync state,
/// export, search, import) runs its SQL through here. Thread-safe.
/// </summary>
internal sealed class StoreTransactions(NotesDatabase database, TimeProvider timeProvider) : IDisposable
{
    private const string ClockKey = "hlc";
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly HybridClock _clock = new(timeProvider);

    /// <summary>Raised after a committed change (local or remote), outside any lock.</summary>
    public event Action<ChangeSet>? Changed;

    public void Dispose() => _writeLock.Dispose();

    /// <summary>
    /// Applies operations that came from elsewhere (sync, tests) in one transaction; known ids are
    /// skipped. <paramref name="inTransaction"/> runs before the commit (e.g. to advance a cursor).
    /// </summary>
    public Task<ChangeSet> ApplyAsync(
        IEnumerable<OperationRecord> records,
        bool isLocal = false,
        Action<SqlBatch>? inTransaction = null,
        CancellationToken cancellationToken = default) =>
        WriteAsync(
            (writer, _) =>
            {
                foreach (var record in records)
                {
                    writer.Observe(record.CreatedAt);
                    writer.Applier.Apply(record, isLocal);
                    FaultInjection.Hit("store.apply.record");
                }

                inTransaction?.Invoke(writer.Batch);
                return writer.Applier.Changes;
            },
            cancellationToken);

    /// <summary>Runs <paramref name="work"/> in one write transaction with a clock and an applier.</summary>
    public async Task<T> WriteAsync<T>(Func<LocalWriter, CancellationToken, T> work, CancellationToken cancellationToken)
    {
        ChangeSet changes;
        T result;
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            using var batch = new SqlBatch(connection, transaction);
            var lastSeen = ReadClock(batch);
            var writer = new LocalWriter(batch, new OperationApplier(batch), _clock, lastSeen);
            result = work(writer, cancellationToken);
            if (writer.LastSeen != lastSeen)
            {
                MetaTable.Set(batch, ClockKey, writer.LastSeen.UnixNanoseconds.ToString(CultureInfo.InvariantCulture));
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

    /// <summary>Runs <paramref name="work"/> in one read transaction (a consistent snapshot).</summary>
    public async Task<T> ReadAsync<T>(Func<SqlBatch, T> work, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: true);
        using var batch = new SqlBatch(connection, transaction);
        return work(batch);
    }

    private static Timestamp ReadClock(SqlBatch batch) =>
        MetaTable.Get(batch, ClockKey) is { } text && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var nanos)
            ? new Timestamp(nanos)
            : Timestamp.MinValue;
}
