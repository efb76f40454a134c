using Dataans.Core.Sync;

namespace Dataans.Reliability.Tests.Faults;

/// <summary>Checks that automatic retries after failures waited (exponential backoff), rather than hammering the server.</summary>
internal static class Backoff
{
    /// <summary>
    /// Gaps between an auto-sync failure and the next attempt must follow the backoff: the k-th retry of a
    /// run of failures at least half of InitialBackoff × 2^(k-1) (capped; the jitter is 50–100 %) after
    /// the previous failure. The server's push channel may legitimately wake the loop early (a head
    /// notification, or the channel reconnecting once the server is back): at most two early retries per
    /// run of failures are allowed. Returns the longest wait seen after a failure.
    /// </summary>
    public static TimeSpan AssertRetriesBackedOff(FleetDevice device, AutoSyncOptions options)
    {
        var results = device.Results.Skip(device.AutoSyncFrom).ToList();
        var longest = TimeSpan.Zero;
        var streak = 0;
        var early = 0;
        var retries = 0;
        for (var i = 1; i < results.Count; i++)
        {
            streak = results[i - 1].Success ? 0 : streak + 1;
            if (streak == 0)
            {
                early = 0;
                continue;
            }

            retries++;
            var started = results[i].FinishedAt - results[i].Elapsed;
            var waited = started - results[i - 1].FinishedAt;
            var planned = Math.Min(options.InitialBackoff.TotalMilliseconds * Math.Pow(2, streak - 1), options.MaxBackoff.TotalMilliseconds);
            if (waited.TotalMilliseconds < (planned / 2) - 25)
            {
                early++;
                Assert.True(early <= 2, $"retry {streak} came {waited.TotalMilliseconds:0} ms after a failure; backoff planned {planned:0} ms (±50 %), and {early} retries in this run came early");
            }

            longest = waited > longest ? waited : longest;
        }

        Assert.True(retries > 0, "the auto sync loop never retried after a failure");
        return longest;
    }
}
