using System.Threading.Channels;
using Dataans.Contracts.Sync;

namespace Dataans.Core.Sync;

/// <summary>
/// Pulls pages back to back from a position and decodes each on the thread pool, while the caller
/// applies earlier ones: fetching, decoding and applying overlap, so the slowest stage sets the pace.
/// At most <see cref="Depth"/> pages wait to be applied (memory stays bounded whatever the history's
/// size). Pages come out in order; a failed fetch or decode comes out as that page's failure. Nothing
/// here touches the store, so stopping at any point loses nothing.
/// </summary>
internal sealed class PagePipeline<TDecoded> : IAsyncDisposable
{
    /// <summary>
    /// Pages fetched or being decoded ahead of the one being applied (one more waits to be queued). One: the
    /// fetch and decode of the next page still overlap the apply, with a page less held (issue 15 memory).
    /// </summary>
    public const int Depth = 1;

    private readonly Channel<Task<(PullResponse Page, TDecoded Decoded)>> _pages =
        Channel.CreateBounded<Task<(PullResponse Page, TDecoded Decoded)>>(new BoundedChannelOptions(Depth) { SingleReader = true, SingleWriter = true });

    private readonly CancellationTokenSource _stop;
    private readonly Task _producer;

    private PagePipeline(
        Func<long, CancellationToken, Task<PullResponse>> fetch, Func<PullResponse, long, TDecoded> decode, long after, CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _producer = Task.Run(() => ProduceAsync(fetch, decode, after, _stop.Token), CancellationToken.None);
    }

    /// <summary>Starts pulling the pages after <paramref name="after"/>; the caller disposes the pipeline.</summary>
    /// <param name="fetch">Fetches the page after a position.</param>
    /// <param name="decode">Decodes a fetched page (runs on the thread pool, several pages at once).</param>
    public static PagePipeline<TDecoded> Start(
        Func<long, CancellationToken, Task<PullResponse>> fetch, Func<PullResponse, long, TDecoded> decode, long after, CancellationToken cancellationToken) =>
        new(fetch, decode, after, cancellationToken);

    /// <summary>The next page in order, decoded; throws what fetching or decoding it threw.</summary>
    public async Task<(PullResponse Page, TDecoded Decoded)> NextAsync(CancellationToken cancellationToken)
    {
        var page = await _pages.Reader.ReadAsync(cancellationToken);
        return await page;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _producer;
        while (_pages.Reader.TryRead(out var dropped))
        {
            Observe(dropped);
        }

        _stop.Dispose();
    }

    private async Task ProduceAsync(Func<long, CancellationToken, Task<PullResponse>> fetch, Func<PullResponse, long, TDecoded> decode, long after, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var fetching = fetch(after, stop);
                var position = after;
                var decoding = Task.Run(
                    async () =>
                    {
                        var page = await fetching;
                        return (page, decode(page, position));
                    },
                    stop);
                try
                {
                    await _pages.Writer.WriteAsync(decoding, stop);
                }
                catch (OperationCanceledException)
                {
                    Observe(fetching);
                    Observe(decoding);
                    return;
                }

                PullResponse fetched;
                try
                {
                    fetched = await fetching;
                }
                catch (Exception)
                {
                    return; // the page's own task carries the failure to the reader
                }

                if (!fetched.HasMore || fetched.Ops.Count == 0)
                {
                    return;
                }

                after = fetched.Ops[^1].Seq;
            }
        }
        finally
        {
            _pages.Writer.TryComplete();
        }
    }

    /// <summary>A page dropped unread (the pull stopped early): its outcome is observed so it cannot go unobserved.</summary>
    private static void Observe(Task task) =>
        task.ContinueWith(static dropped => dropped.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
}
