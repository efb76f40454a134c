using System.Collections.Concurrent;
using Dataans.Core.Sync;

namespace Dataans.Reliability.Tests.Infrastructure;

/// <summary>
/// The sync runs of a set of devices as the soak sees them: how many, which failed and with what, and
/// each device's current run of failures (auto sync backs off longer after each one), so that a run
/// that does not settle says which device stopped trying and why.
/// </summary>
internal sealed class SyncLog
{
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentDictionary<int, Streak> _streaks = new();
    private int _syncs;

    public int Syncs => Volatile.Read(ref _syncs);

    public int Failed => _failures.Count;

    /// <summary>Records every run of <paramref name="engine"/> as device <paramref name="device"/>'s.</summary>
    public void Follow(int device, SyncEngine engine) =>
        engine.Completed += result =>
        {
            Interlocked.Increment(ref _syncs);
            if (result.Success)
            {
                _streaks.TryRemove(device, out _);
                return;
            }

            _failures.Enqueue(result.Message);
            _streaks.AddOrUpdate(
                device,
                _ => new Streak(1, result.FinishedAt, result.Message),
                (_, streak) => new Streak(streak.Count + 1, result.FinishedAt, result.Message));
        };

    /// <summary>The most frequent failure messages, most frequent first.</summary>
    public IEnumerable<(string Message, int Count)> MostFrequent(int count) =>
        _failures.GroupBy(message => message).OrderByDescending(group => group.Count()).Take(count).Select(group => (group.Key, group.Count()));

    /// <summary>The devices whose last run failed: how many runs in a row, when the last ended and why.</summary>
    public string DescribeFailingDevices()
    {
        var failing = _streaks.OrderBy(pair => pair.Key)
            .Select(pair => $"device {pair.Key}: {pair.Value.Count} failed in a row, the last at {pair.Value.LastAt:HH:mm:ss.f}: {pair.Value.LastMessage}")
            .ToList();
        return failing.Count == 0 ? "every device's last sync succeeded" : string.Join("\n", failing);
    }

    private sealed record Streak(int Count, DateTimeOffset LastAt, string LastMessage);
}
