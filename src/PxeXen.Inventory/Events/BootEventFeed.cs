using System.Collections.Concurrent;
using System.Threading.Channels;

namespace PxeXen.Inventory.Events;

/// <summary>
/// Live boot events for watchers (<c>GET /events/stream</c>, <c>pxexen events --follow</c>): each
/// stored batch is handed to every subscriber. A slow watcher loses its oldest events rather than
/// slowing the writer.
/// </summary>
public sealed class BootEventFeed
{
    public const int SubscriberCapacity = 4096;

    private readonly ConcurrentDictionary<Channel<BootEvent>, bool> _subscribers = new();

    public int SubscriberCount => _subscribers.Count;

    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<BootEvent>(new BoundedChannelOptions(SubscriberCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            SingleWriter = true,
        });
        _subscribers[channel] = true;
        return new Subscription(this, channel);
    }

    public void Publish(IReadOnlyList<BootEvent> events)
    {
        foreach (var channel in _subscribers.Keys)
            foreach (var e in events)
                channel.Writer.TryWrite(e);
    }

    /// <summary>One watcher's events; dispose to stop receiving them.</summary>
    public sealed class Subscription(BootEventFeed feed, Channel<BootEvent> channel) : IDisposable
    {
        public ChannelReader<BootEvent> Events => channel.Reader;

        public void Dispose()
        {
            feed._subscribers.TryRemove(channel, out _);
            channel.Writer.TryComplete();
        }
    }
}
