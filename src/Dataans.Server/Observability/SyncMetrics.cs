using System.Diagnostics;
using System.Diagnostics.Metrics;
using Dataans.Server.Events;

namespace Dataans.Server.Observability;

/// <summary>
/// The server's own instruments (meter <c>Dataans.Server</c>), exported with ASP.NET Core's request
/// metrics on <c>/metrics</c> when <c>Metrics:Urls</c> is set. Counts and durations only. Thread-safe.
/// </summary>
internal sealed class SyncMetrics
{
    public const string MeterName = "Dataans.Server";

    private readonly Counter<long> _ingested;
    private readonly Counter<long> _delivered;
    private readonly UpDownCounter<long> _openStreams;
    private readonly Counter<long> _published;
    private readonly Histogram<double> _storage;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _storageFull;

    public SyncMetrics(IMeterFactory meters)
    {
#pragma warning disable CA2000 // the meter factory owns the meters it creates and disposes them with the host
        var meter = meters.Create(MeterName);
#pragma warning restore CA2000
        _ingested = meter.CreateCounter<long>("dataans.operations.ingested", "{operation}", "Operations stored by pushes (duplicates not counted).");
        _delivered = meter.CreateCounter<long>("dataans.operations.delivered", "{operation}", "Operations sent to devices by pulls.");
        _openStreams = meter.CreateUpDownCounter<long>("dataans.event_streams.open", "{stream}", "Open /v2/events streams.");
        _published = meter.CreateCounter<long>("dataans.events.published", "{change}",
            "Changes published to this instance's /v2/events streams, by origin: this instance, or another one (PostgreSQL NOTIFY).");
        _storage = meter.CreateHistogram("dataans.storage.duration", "s", "Time spent in the database or file store, by operation.", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _rateLimited = meter.CreateCounter<long>("dataans.rate_limit.refusals", "{request}", "Requests refused with 429 because their address failed to sign in too often.");
        _storageFull = meter.CreateCounter<long>("dataans.storage.full_refusals", "{request}", "Requests answered 507 because the storage is full.");
    }

    public void Ingested(int count) => _ingested.Add(count);

    public void Delivered(int count) => _delivered.Add(count);

    public void StreamOpened() => _openStreams.Add(1);

    public void StreamClosed() => _openStreams.Add(-1);

    public void Published(ChangeOrigin origin) =>
        _published.Add(1, new KeyValuePair<string, object?>("origin", origin == ChangeOrigin.ThisInstance ? "this_instance" : "other_instance"));

    public void RateLimited() => _rateLimited.Add(1);

    public void StorageFull() => _storageFull.Add(1);

    /// <summary>Starts timing one storage call; dispose the result when it ends.</summary>
    public StorageTimer Time(string operation) => new(this, operation, Stopwatch.GetTimestamp());

    internal void Record(string operation, long started) =>
        _storage.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("operation", operation));

    public readonly struct StorageTimer(SyncMetrics metrics, string operation, long started) : IDisposable
    {
        public void Dispose() => metrics.Record(operation, started);
    }
}
