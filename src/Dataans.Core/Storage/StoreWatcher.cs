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
        var seen = await store.ReadAsync(LastSeq, cancellationToken);
        return new StoreWatcher(store, interval ?? TimeSpan.FromMilliseconds(500), seen);
    }

    /// <summary>Looks at the log now; returns what other processes changed since the last look (already raised).</summary>
    public async Task<ChangeSet> CheckAsync(CancellationToken cancellationToken = default)
    {
        await _checking.WaitAsync(cancellationToken);
        try
        {
            var (changes, seen) = await _store.ReadAsync(batch => ReadSince(batch, _seen), cancellationToken);
            _seen = seen;
            _store.OwnCommits.ForgetUpTo(seen);
            _store.RaiseExternalChange(changes);
            return changes;
        }
        finally
        {
            _checking.Release();
        }
    }

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

    internal static long LastSeq(SqlBatch batch) => (long)batch.Scalar("SELECT coalesce(max(seq), 0) FROM operations")!;

    private (ChangeSet Changes, long Seen) ReadSince(SqlBatch batch, long seen)
    {
        var changes = new ChangeSet();
        using var reader = batch.Reader("SELECT seq, kind, object_id, is_local FROM operations WHERE seq > @seen ORDER BY seq", ("@seen", seen));
        while (reader.Read())
        {
            var seq = reader.GetInt64(0);
            seen = seq;
            if (_store.OwnCommits.Contains(seq) || !Enum.TryParse<OperationKind>(reader.GetString(1), out var kind) || !Enum.IsDefined(kind))
            {
                continue;
            }

            var id = reader.GetId(2);
            // Unnamed values were skipped above; a new named kind still fails the build (CS8509).
#pragma warning disable CS8524
            var touched = kind switch
            {
                OperationKind.CreateNote or OperationKind.UpdateNote or OperationKind.DeleteNote or OperationKind.SetNoteFiles => changes.Notes,
                OperationKind.CreateFile or OperationKind.DeleteFile => changes.Files,
                OperationKind.CreateSpace or OperationKind.UpdateSpace or OperationKind.DeleteSpace => changes.Spaces,
            };
#pragma warning restore CS8524
            touched.Add(id);
            changes.Applied++;
            changes.HasLocal |= reader.GetInt64(3) != 0;
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
}

/// <summary>Ranges of operation sequence numbers this process committed. Thread-safe.</summary>
internal sealed class OwnCommits
{
    private readonly List<(long After, long UpTo)> _ranges = [];
    private readonly Lock _lock = new();

    /// <summary>Records that this process committed the operations numbered (after, upTo].</summary>
    public void Add(long after, long upTo)
    {
        if (upTo <= after)
        {
            return;
        }

        lock (_lock)
        {
            _ranges.Add((after, upTo));
        }
    }

    public void Remove(long after, long upTo)
    {
        lock (_lock)
        {
            _ranges.Remove((after, upTo));
        }
    }

    public bool Contains(long seq)
    {
        lock (_lock)
        {
            return _ranges.Exists(range => seq > range.After && seq <= range.UpTo);
        }
    }

    public void ForgetUpTo(long seq)
    {
        lock (_lock)
        {
            _ranges.RemoveAll(range => range.UpTo <= seq);
        }
    }
}
