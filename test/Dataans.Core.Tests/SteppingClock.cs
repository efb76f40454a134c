namespace Dataans.Core.Tests;

/// <summary>A test clock: starts at a fixed instant plus a skew and moves forward a little on every read.</summary>
public sealed class SteppingClock(DateTimeOffset start, TimeSpan step) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        var now = _now;
        _now += step;
        return now;
    }

    /// <summary>Moves the clock (backwards too, as a badly set device clock would).</summary>
    public void Set(DateTimeOffset now) => _now = now;
}
