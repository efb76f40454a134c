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

    /// <summary>The operations this process committed, so <see cref="StoreWatcher"/> reports only other processes' ones.</summary>
    public OwnCommits OwnCommits { get; } = new();

    /// <summary>
    /// Runs right after a write transaction that re-indexed notes commits, before the cached search statistics
    /// follow it: where a test lands another connection's commit, which the following must notice.
    /// </summary>
    internal Action? AfterIndexingCommit { get; set; }

    public void Dispose() => _writeLock.Dispose();

    /// <summary>The sequence number of the newest logged operation (0 when the log is empty).</summary>
    public static long LastOperationSeq(SqlBatch batch) => (long)batch.Scalar("SELECT coalesce(max(seq), 0) FROM operations")!;

    /// <summary>
    /// Applies operations that came from elsewhere (sync, tests) in one transaction; known ids are
    /// skipped. <paramref name="inTransaction"/> runs before the commit (e.g. to advance a cursor), given the
    /// ids this call logged. Ids in <paramref name="keyedChecksums"/> are logged with the keyed checksum form.
    /// <paramref name="deferSearchIndex"/> leaves the search index to one rebuild later (<see cref="SearchIndexDeferral"/>).
    /// </summary>
    public Task<ChangeSet> ApplyAsync(
        IEnumerable<OperationRecord> records,
        bool isLocal = false,
        Action<SqlBatch, IReadOnlySet<Guid>>? inTransaction = null,
        bool deferSearchIndex = false,
        IReadOnlySet<Guid>? keyedChecksums = null,
        CancellationToken cancellationToken = default) =>
        WriteAsync(
            (writer, _) =>
            {
                if (deferSearchIndex)
                {
                    SecondaryIndexDeferral.Defer(writer.Batch);
                    // A bulk pull's commits each rewrite most pages of the id indexes: checkpointing after each
                    // (two fsyncs) cost a new device 1.7 s of 10 s waiting on the disk (the pool's next open sets
                    // the usual threshold back).
                    writer.Batch.Execute($"PRAGMA wal_autocheckpoint={NotesDatabase.BulkCheckpointPages}");
                }

                if (deferSearchIndex && !writer.Applier.SearchIndexDeferred)
                {
                    SearchIndexDeferral.Defer(writer.Batch);
                    writer.Applier.SearchIndexDeferred = true;
                }

                writer.Applier.KeyedChecksums = keyedChecksums;
                foreach (var record in records)
                {
                    writer.Observe(record.CreatedAt);
                    writer.Applier.Apply(record, isLocal);
                    FaultInjection.Hit("store.apply.record");
                }

                inTransaction?.Invoke(writer.Batch, writer.Applier.Logged);
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
            var indexChanges = database.SearchStatistics.BeginFollowing(batch);
            var applier = new OperationApplier(batch) { SearchIndexDeferred = SearchIndexDeferral.IsDeferred(batch), IndexChanges = indexChanges };
            var writer = new LocalWriter(batch, applier, _clock, lastSeen);
            var seqBefore = LastOperationSeq(batch);
            result = work(writer, cancellationToken);
            var seqAfter = writer.Applier.Changes.Applied == 0 ? seqBefore : LastOperationSeq(batch);
            if (writer.LastSeen != lastSeen)
            {
                MetaTable.Set(batch, ClockKey, writer.LastSeen.UnixNanoseconds.ToString(CultureInfo.InvariantCulture));
            }

            var followIndex = indexChanges is { Rows.Count: > 0 };
            var dataVersion = followIndex ? DataVersion(batch) : 0;

            // Recorded before the commit, so the watcher never takes this process's operations for another's.
            OwnCommits.Add(seqBefore, seqAfter);
            try
            {
                await transaction.CommitAsync(cancellationToken);
            }
            catch
            {
                OwnCommits.Remove(seqBefore, seqAfter);
                throw;
            }

            changes = writer.Applier.Changes;
            if (followIndex)
            {
                AfterIndexingCommit?.Invoke();
                FollowSearchStatistics(connection, indexChanges!, dataVersion);
            }
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

    /// <summary>Raises <see cref="Changed"/> for a change another process committed (see <see cref="StoreWatcher"/>).</summary>
    public void RaiseExternalChange(ChangeSet changes)
    {
        if (!changes.IsEmpty)
        {
            Changed?.Invoke(changes);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one read transaction (a consistent snapshot). The token is checked before it
    /// starts: once running, the work runs to its end.
    /// </summary>
    public async Task<T> ReadAsync<T>(Func<SqlBatch, T> work, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: true);
        using var batch = new SqlBatch(connection, transaction);
        return work(batch);
    }

    /// <summary>
    /// <see cref="ReadAsync{T}"/> for a read that is worth stopping midway (a search superseded by the next
    /// keystroke): cancelling also stops the statement that is running, and the batch runs no further one. The
    /// call then throws <see cref="OperationCanceledException"/>. Callers whose work must not end early (sync) use
    /// <see cref="ReadAsync{T}"/>.
    /// </summary>
    public async Task<T> ReadInterruptiblyAsync<T>(Func<SqlBatch, T> work, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: true);
        using var batch = new SqlBatch(connection, transaction) { Cancellation = cancellationToken };
        try
        {
            // SQLite ignores an interrupt while no statement runs, and the registration is gone (its callback
            // finished) before the transaction ends and the connection goes back to the pool.
            using (cancellationToken.Register(static handle => SQLitePCL.raw.sqlite3_interrupt((SQLitePCL.sqlite3)handle!), connection.Handle))
            {
                return work(batch);
            }
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode == SQLitePCL.raw.SQLITE_INTERRUPT && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The read was cancelled while it ran.", exception, cancellationToken);
        }
    }

    /// <summary>
    /// Lets the cached search statistics follow this commit's changes to the index (<see cref="Ranking.SearchStatistics.Follow"/>),
    /// on the same connection: SQLite's data version there is unchanged unless another connection committed since
    /// <paramref name="dataVersion"/> was read inside the write transaction. The write is committed whatever happens
    /// here; a failed read only leaves the next search to load the statistics again.
    /// </summary>
    private void FollowSearchStatistics(SqliteConnection connection, Ranking.IndexChanges changes, long dataVersion)
    {
        try
        {
            using var transaction = connection.BeginTransaction(deferred: true);
            using var batch = new SqlBatch(connection, transaction);
            database.SearchStatistics.Follow(changes, batch, () => DataVersion(batch) == dataVersion);
        }
        catch (SqliteException)
        {
            // Best effort: the cached statistics stay as they were, of an older state, and the next search loads them again.
        }
    }

    private static long DataVersion(SqlBatch batch) => (long)batch.Scalar("PRAGMA data_version")!;

    private static Timestamp ReadClock(SqlBatch batch) =>
        MetaTable.Get(batch, ClockKey) is { } text && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var nanos)
            ? new Timestamp(nanos)
            : Timestamp.MinValue;
}
