using System.Globalization;
using System.Text;
using System.Text.Json;
using Dataans.Contracts.Sync;
using Dataans.Server.Auth;
using Dataans.Server.Configuration;
using Dataans.Server.Events;
using Dataans.Server.Observability;
using Dataans.Server.Storage;
using Dataans.Server.Storage.Inbox;
using Microsoft.Extensions.Options;

namespace Dataans.Server.Endpoints;

/// <summary>
/// <c>GET /v2/events</c>: Server-Sent Events. One <c>head</c> event at once with the current head, then
/// one whenever the user's head moves (from any instance), and a comment every
/// <see cref="LimitsOptions.EventKeepAliveSeconds"/> (15 s) as keep-alive. At each keep-alive the
/// credential is checked again (a removed token or an expired JWT ends the stream) and the head is
/// read again, so that a change no push announced (a restore, an epoch rotated by an admin command)
/// reaches the devices within one keep-alive period.
/// </summary>
internal static class EventsEndpoint
{
    public static void MapEvents(this RouteGroupBuilder v2) =>
        v2.MapGet("/events", StreamAsync).Produces(StatusCodes.Status200OK, contentType: "text/event-stream");

    private static async Task StreamAsync(HttpContext context, SyncEventHub hub, IOperationStore store, IInboxStore inbox,
        IHostApplicationLifetime lifetime, TimeProvider timeProvider, IOptions<LimitsOptions> limits, SyncMetrics metrics, ILogger<SyncEventHub> logger)
    {
        var keepAliveEvery = TimeSpan.FromSeconds(limits.Value.EventKeepAliveSeconds);
        var user = SyncUser.Get(context);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var cancellationToken = stop.Token;

        // Subscribe before reading the head so that no push between the two is missed.
        using var subscription = hub.Subscribe(user);
        var state = await store.GetUserAsync(user, cancellationToken);
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        Log.EventStreamOpened(logger);
        metrics.StreamOpened();
        try
        {
            var sent = new HeadChanged { Epoch = state.Epoch, Head = state.Head };
            // Captures that arrived while this device was not listening are announced at once, like new operations.
            await WriteHeadAsync(response, sent with { InboxMark = await inbox.WaitingMarkAsync(user, cancellationToken) }, cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                using var keepAlive = new CancellationTokenSource(keepAliveEvery, timeProvider);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, keepAlive.Token);
                bool more;
                try
                {
                    more = await subscription.Reader.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    if (!await CredentialRecheck.StillValidAsync(context, timeProvider, cancellationToken))
                    {
                        Log.EventStreamCredentialEnded(logger);
                        return;
                    }

                    // A change no push announced (an admin's restore, epoch rotate or store reset) is sent now.
                    if (await store.FindUserAsync(user, cancellationToken) is { } current && (current.Epoch != sent.Epoch || current.Head != sent.Head))
                    {
                        sent = new HeadChanged { Epoch = current.Epoch, Head = current.Head };
                        await WriteHeadAsync(response, sent, cancellationToken);
                        continue;
                    }

                    await response.WriteAsync(": keep-alive\n\n", cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                    continue;
                }

                if (!more)
                {
                    return;
                }

                while (subscription.Reader.TryRead(out var change))
                {
                    sent = change;
                    await WriteHeadAsync(response, change, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client left or the server is stopping: the stream simply ends.
        }
        finally
        {
            metrics.StreamClosed();
        }
    }

    private static async Task WriteHeadAsync(HttpResponse response, HeadChanged change, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(change, V2JsonContext.Default.HeadChanged);
        var text = string.Create(CultureInfo.InvariantCulture, $"event: head\nid: {change.Head}\ndata: {json}\n\n");
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
