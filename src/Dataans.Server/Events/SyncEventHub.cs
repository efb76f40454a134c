using System.Collections.Concurrent;
using System.Threading.Channels;
using Dataans.Contracts.Sync;
using Dataans.Server.Observability;

namespace Dataans.Server.Events;

/// <summary>
/// Tells a user's connected <c>/v2/events</c> streams in this process that the head moved. Each
/// subscriber keeps only the latest head (a slow client never grows memory). Publications that are
/// not newer than the last one seen for the user are dropped, so a stream's head never moves back when
/// concurrent pushes finish out of order. Each change is published once per instance: by the endpoint
/// that stored it, or (PostgreSQL) by the listener for a push on another instance. Thread-safe.
/// </summary>
internal sealed class SyncEventHub(SyncMetrics metrics)
{
    private readonly ConcurrentDictionary<string, UserChannels> _users = new(StringComparer.Ordinal);

    public Subscription Subscribe(string user)
    {
        var channel = Channel.CreateBounded<HeadChanged>(new BoundedChannelOptions(1)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        var entry = _users.GetOrAdd(user, _ => new UserChannels());
        lock (entry)
        {
            entry.Channels.Add(channel);
        }

        return new Subscription(this, user, channel);
    }

    public void Publish(string user, string epoch, long head, ChangeOrigin origin)
    {
        metrics.Published(origin);
        var entry = _users.GetOrAdd(user, _ => new UserChannels());
        Channel<HeadChanged>[] targets;
        lock (entry)
        {
            if (entry.LastEpoch == epoch && head <= entry.LastHead)
            {
                return;
            }

            entry.LastEpoch = epoch;
            entry.LastHead = head;
            targets = [.. entry.Channels];
        }

        var message = new HeadChanged { Epoch = epoch, Head = head };
        foreach (var channel in targets)
        {
            channel.Writer.TryWrite(message);
        }
    }

    /// <summary>Tells the user's streams that a sealed item arrived in the inbox (the head is repeated as it is).</summary>
    public void PublishInbox(string user, string epoch, long head, long inboxMark)
    {
        metrics.Published(ChangeOrigin.ThisInstance);
        if (!_users.TryGetValue(user, out var entry))
        {
            return;
        }

        Channel<HeadChanged>[] targets;
        lock (entry)
        {
            targets = [.. entry.Channels];
        }

        var message = new HeadChanged { Epoch = epoch, Head = head, InboxMark = inboxMark };
        foreach (var channel in targets)
        {
            channel.Writer.TryWrite(message);
        }
    }

    private void Unsubscribe(string user, Channel<HeadChanged> channel)
    {
        if (_users.TryGetValue(user, out var entry))
        {
            lock (entry)
            {
                entry.Channels.Remove(channel);
            }
        }
    }

    private sealed class UserChannels
    {
        public List<Channel<HeadChanged>> Channels { get; } = [];

        public string? LastEpoch { get; set; }

        public long LastHead { get; set; } = -1;
    }

    /// <summary>One connected stream; dispose to leave.</summary>
    internal sealed class Subscription(SyncEventHub hub, string user, Channel<HeadChanged> channel) : IDisposable
    {
        public ChannelReader<HeadChanged> Reader => channel.Reader;

        public void Dispose() => hub.Unsubscribe(user, channel);
    }
}
