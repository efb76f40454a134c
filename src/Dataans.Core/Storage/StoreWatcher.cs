using Dataans.Contracts.Operations;
using Dataans.Core.Operations;

namespace Dataans.Core.Storage;

/// <summary>
/// Notices operations that another process (the CLI, an import, a second tool) committed to the same
/// data folder and raises <see cref="DataansStore.Changed"/> for them, so a running app shows them and
/// auto sync pushes them within about a second. It reads the operation log past the last sequence
/// number it has seen, skipping this process's own commits (already announced). Thread-safe; dispose
/// to stop.
/// </summary>
public sealed class StoreWatcher : IAsyncDisposable
{
    private readonly DataansStore _store;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _checking = new(1, 1);
    private readonly Task _loop;
    private long _seen;

    private StoreWatcher(DataansStore store, TimeSpan interval, long seen)
    {
        _store = store;
        _interval = interval;
        _seen = seen;
        _loop = Task.Run(() => LoopAsync(_stop.Token));
    }

    /// <summary>Starts watching from the current end of the log.</summary>
    /// <param name="interval">How often the log is looked at (default half a second: one indexed query).</param>
    public static async Task<StoreWatcher> StartAsync(DataansStore store, TimeSpan? interval = null, CancellationToken cancellationToken = default)
    {
        var seen = await store.Transactions.ReadAsync(StoreTransactions.LastOperationSeq, cancellationToken);
        return new StoreWatcher(store, interval ?? TimeSpan.FromMilliseconds(500), seen);
    }

    /// <summary>Looks at the log now; returns what other processes changed since the last look (already raised).</summary>
    public async Task<ChangeSet> CheckAsync(CancellationToken cancellationToken = default)
    {
        await _checking.WaitAsync(cancellationToken);
        try
        {
            var (changes, seen) = await _store.Transactions.ReadAsync(batch => ReadSince(batch, _seen), cancellationToken);
            _seen = seen;
            _store.Transactions.OwnCommits.ForgetUpTo(seen);
            _store.Transactions.RaiseExternalChange(changes);
            return changes;
        }
        finally
        {
            _checking.Release();
        }
    }

    /// <summary>Stops watching and waits for a check in progress to end.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // stopping
        }

        _stop.Dispose();
        _checking.Dispose();
    }

    private (ChangeSet Changes, long Seen) ReadSince(SqlBatch batch, long seen)
    {
        var changes = new ChangeSet();
        var touched = new TouchedObjects(changes);
        using var reader = batch.Reader("SELECT seq, operation, is_local FROM operations WHERE seq > @seen ORDER BY seq", ("@seen", seen));
        while (reader.Read())
        {
            var seq = reader.GetInt64(0);
            seen = seq;
            if (_store.Transactions.OwnCommits.Contains(seq))
            {
                continue;
            }

            Operation operation;
            try
            {
                operation = OperationJson.Deserialize(reader.GetString(1));
            }
            catch (OperationFormatException)
            {
                // Written by a newer version: this one cannot show it, and sync already set it aside.
                continue;
            }

            operation.Accept(touched).Add(operation.ObjectId);
            changes.Applied++;
            changes.HasLocal |= reader.GetInt64(2) != 0;
        }

        return (changes, seen);
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(_interval, cancellationToken);
            try
            {
                await CheckAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is StoreException or Microsoft.Data.Sqlite.SqliteException or IOException)
            {
                // Busy or briefly unreadable (another process mid-migration): look again next time.
            }
        }
    }

    /// <summary>Which of a change set's id sets an operation of each kind touches.</summary>
    private sealed class TouchedObjects(ChangeSet changes) : IOperationVisitor<HashSet<Guid>>
    {
        public HashSet<Guid> Visit(CreateNote operation) => changes.Notes;

        public HashSet<Guid> Visit(UpdateNote operation) => changes.Notes;

        public HashSet<Guid> Visit(DeleteNote operation) => changes.Notes;

        public HashSet<Guid> Visit(SetNoteFiles operation) => changes.Notes;

        public HashSet<Guid> Visit(CreateFile operation) => changes.Files;

        public HashSet<Guid> Visit(DeleteFile operation) => changes.Files;

        public HashSet<Guid> Visit(CreateSpace operation) => changes.Spaces;

        public HashSet<Guid> Visit(UpdateSpace operation) => changes.Spaces;

        public HashSet<Guid> Visit(DeleteSpace operation) => changes.Spaces;
    }
}
