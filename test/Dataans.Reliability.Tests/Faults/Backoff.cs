using Dataans.Core.Sync;

namespace Dataans.Reliability.Tests.Faults;

/// <summary>Checks that automatic retries after failures waited (exponential backoff), rather than hammering the server.</summary>
internal static class Backoff
{
    /// <summary>
    /// Gaps between auto-sync failures and the next planned attempt must follow the backoff: after the k-th
    /// counted failure of a run of failures, the next attempt comes at least half of InitialBackoff × 2^(k-1)
    /// (capped; the jitter is 50–100 %) after it. An attempt before that is early: something asked for it (a
    /// local change, a head notification, the channel reconnecting once the server is back). An early attempt
    /// that fails does not count, so the planned retry stays where it was; at most
    /// <paramref name="earlyAllowed"/> early attempts per run of failures are allowed. Returns the longest
    /// wait seen before a planned retry.
    /// </summary>
    public static TimeSpan AssertRetriesBackedOff(FleetDevice device, AutoSyncOptions options, int earlyAllowed = 2)
    {
        var results = device.Results.Skip(device.AutoSyncFrom).ToList();
        var longest = TimeSpan.Zero;
        var counted = 0;
        var lastCountedAt = DateTimeOffset.MinValue;
        var early = 0;
        var retries = 0;
        foreach (var result in results)
        {
            var isEarly = false;
            if (counted > 0)
            {
                retries++;
                var waited = result.FinishedAt - result.Elapsed - lastCountedAt;
                var planned = Math.Min(options.InitialBackoff.TotalMilliseconds * Math.Pow(2, counted - 1), options.MaxBackoff.TotalMilliseconds);
                isEarly = waited.TotalMilliseconds < (planned / 2) - 25;
                if (isEarly)
                {
                    early++;
                    Assert.True(early <= earlyAllowed, $"an attempt came {waited.TotalMilliseconds:0} ms after failure {counted}; backoff planned {planned:0} ms (±50 %), and {early} attempts in this run came early");
                }
                else
                {
                    longest = waited > longest ? waited : longest;
                }
            }

            if (result.Success)
            {
                counted = 0;
                early = 0;
            }
            else if (!isEarly)
            {
                counted++;
                lastCountedAt = result.FinishedAt;
            }
        }

        Assert.True(retries > 0, "the auto sync loop never retried after a failure");
        return longest;
    }
}
