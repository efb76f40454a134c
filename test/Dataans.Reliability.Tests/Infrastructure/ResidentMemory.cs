using System.Diagnostics;

namespace Dataans.Reliability.Tests.Infrastructure;

/// <summary>
/// Samples a process's resident set size at a fixed interval and judges its growth after warm-up.
/// The judgement compares means of windows, not single samples or maxima: RSS moves with every GC,
/// so one sample can sit at a peak or a trough, while a leak lifts the whole later window.
/// </summary>
internal sealed class ResidentMemory
{
    private readonly List<(TimeSpan At, long Bytes)> _samples = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Time since this object was created: the clock of <see cref="Samples"/>.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    public IReadOnlyList<(TimeSpan At, long Bytes)> Samples
    {
        get
        {
            lock (_samples)
            {
                return [.. _samples];
            }
        }
    }

    public void Add(long bytes)
    {
        lock (_samples)
        {
            _samples.Add((_clock.Elapsed, bytes));
        }
    }

    /// <summary>Calls <paramref name="read"/> every <paramref name="interval"/> until <paramref name="cancellationToken"/> fires.</summary>
    public async Task SampleAsync(Func<long> read, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        Add(read());
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                Add(read());
            }
        }
        catch (OperationCanceledException)
        {
            // the run is over
        }
    }

    /// <summary>
    /// Mean of the samples in the first <paramref name="window"/> after <paramref name="warmUp"/> (the
    /// steady state's start), mean of the samples in the last <paramref name="window"/> (its end), and
    /// the growth from one to the other in percent.
    /// </summary>
    public (double AfterWarmUp, double End, double GrowthPercent) Growth(TimeSpan warmUp, TimeSpan window)
    {
        var samples = Samples;
        var end = samples[^1].At;
        var first = samples.Where(s => s.At >= warmUp && s.At < warmUp + window).ToList();
        var last = samples.Where(s => s.At > end - window).ToList();
        Assert.True(first.Count >= 2 && last.Count >= 2, $"Too few samples to judge memory: {first.Count} after warm-up, {last.Count} at the end.");
        var start = first.Average(s => (double)s.Bytes);
        var finish = last.Average(s => (double)s.Bytes);
        return (start, finish, (finish - start) / start * 100);
    }

    /// <summary>Mean of the samples taken from <paramref name="from"/> to <paramref name="to"/> (at least one is required).</summary>
    public double Mean(TimeSpan from, TimeSpan to)
    {
        var inside = Samples.Where(s => s.At >= from && s.At <= to).ToList();
        Assert.True(inside.Count > 0, $"No memory sample between {from} and {to}.");
        return inside.Average(s => (double)s.Bytes);
    }

    /// <summary>The samples as "12s 81.3" pairs in MiB, for the test output.</summary>
    public string Describe() => string.Join(", ", Samples.Select(s => $"{s.At.TotalSeconds:F0}s {s.Bytes / 1024.0 / 1024:F1}"));
}
