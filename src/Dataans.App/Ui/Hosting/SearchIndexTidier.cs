using Dataans.Core.Operations;
using Dataans.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dataans.App.Ui.Hosting;

/// <summary>
/// Tidies the search index (<see cref="DataansStore.TidySearchIndexAsync"/>) while the app runs: once notes have
/// stopped changing for <see cref="QuietPeriod"/>, and once that long after the start, so a store written note by
/// note keeps searching as fast as one just synced. The work is in short steps that yield to writes; stopping the
/// app cancels it between steps.
/// </summary>
internal sealed class SearchIndexTidier(DataansStore store, ILogger<SearchIndexTidier> logger) : IHostedService, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Timer? _timer;
    private Task _running = Task.CompletedTask;
    private int _runs;

    /// <summary>How long notes must stay unchanged before the index is tidied.</summary>
    internal TimeSpan QuietPeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times it has looked at the index (whether or not it merged), since it started.</summary>
    internal int Runs => Volatile.Read(ref _runs);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = new Timer(_ => Run(), null, QuietPeriod, Timeout.InfiniteTimeSpan);
        store.Changed += OnChanged;
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        store.Changed -= OnChanged;
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }

        await _stopping.CancelAsync();
        await _running;
    }

    private void OnChanged(ChangeSet changes)
    {
        if (changes.Notes.Count > 0)
        {
            lock (_gate)
            {
                _timer?.Change(QuietPeriod, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void Run()
    {
        lock (_gate)
        {
            if (_timer is null)
            {
                return; // stopping
            }

            if (!_running.IsCompleted)
            {
                _timer.Change(QuietPeriod, Timeout.InfiniteTimeSpan); // notes changed while tidying: look again later
                return;
            }

            _running = TidyAsync();
        }
    }

    private async Task TidyAsync()
    {
        try
        {
            var steps = await store.TidySearchIndexAsync(cancellationToken: _stopping.Token);
            if (steps > 0)
            {
                Log.SearchIndexTidied(logger, steps);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The app is stopping: the index is whole after every step, and the next start goes on.
        }
        catch (Exception exception) when (exception is StoreException or SqliteException or IOException)
        {
            Log.SearchIndexTidyFailed(logger, exception.GetType().Name);
        }
        finally
        {
            Interlocked.Increment(ref _runs);
        }
    }
}
