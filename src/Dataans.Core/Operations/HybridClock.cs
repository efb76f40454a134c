using Dataans.Contracts;

namespace Dataans.Core.Operations;

/// <summary>
/// A hybrid logical clock with nanosecond ticks: every time it issues is later than the wall
/// clock's reading, and later than every time it has issued or observed. The state is persisted by
/// the caller inside the write transaction, so several processes on one database stay ordered.
/// Not thread-safe: use it under the store's write lock.
/// </summary>
internal sealed class HybridClock(TimeProvider timeProvider)
{
    /// <summary>The next time after <paramref name="lastSeen"/> (and not before the wall clock).</summary>
    public Timestamp Next(Timestamp lastSeen)
    {
        var wall = Timestamp.FromDateTimeOffset(timeProvider.GetUtcNow());
        return wall > lastSeen ? wall : lastSeen.AddNanoseconds(1);
    }
}
