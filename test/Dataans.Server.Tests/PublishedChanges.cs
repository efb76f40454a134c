using System.Diagnostics.Metrics;
using Dataans.Server.Observability;
using Microsoft.Extensions.DependencyInjection;

namespace Dataans.Server.Tests;

/// <summary>
/// Counts the changes one in-process server instance publishes to its event hub, by origin, from its own
/// <c>dataans.events.published</c> counter (other instances in the same test process are not counted).
/// </summary>
internal sealed class PublishedChanges : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _thisInstance;
    private long _otherInstance;

    public PublishedChanges(ServerInstance server)
    {
        var meters = server.App.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SyncMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name == "dataans.events.published")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "origin" && tag.Value as string == "this_instance")
                {
                    Interlocked.Add(ref _thisInstance, value);
                }
                else if (tag.Key == "origin")
                {
                    Interlocked.Add(ref _otherInstance, value);
                }
            }
        });
        _listener.Start();
    }

    public long ThisInstance => Interlocked.Read(ref _thisInstance);

    public long OtherInstance => Interlocked.Read(ref _otherInstance);

    public void Dispose() => _listener.Dispose();
}
