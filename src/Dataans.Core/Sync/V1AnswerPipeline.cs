using System.Threading.Channels;
using Dataans.Contracts.Sync;

namespace Dataans.Core.Sync;

/// <summary>
/// Reads a v1 answer (every operation after the common blocks, in one JSON array) on the thread pool and
/// decodes it a page at a time while the caller applies earlier pages: reading and decrypting overlap the
/// apply, so the slower side sets the pace. Operations this device already holds are not paged (the
/// <c>heldHere</c> callback notes them); every id the answer held is kept in <see cref="ServerIds"/>. At
/// most one decoded page waits (memory stays bounded whatever the answer's size); nothing here touches the
/// store, so stopping at any point loses nothing.
/// </summary>
internal sealed class V1AnswerPipeline<TDecoded> : IAsyncDisposable
{
    private readonly Channel<(TDecoded Page, int Received)> _pages =
        Channel.CreateBounded<(TDecoded Page, int Received)>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });

    private readonly HashSet<Guid> _serverIds = [];
    private readonly CancellationTokenSource _stop;
    private readonly Task _reading;

    private V1AnswerPipeline(
        IAsyncEnumerable<V1Operation> answer, Predicate<V1Operation> heldHere, Func<IReadOnlyList<V1Operation>, TDecoded> decode, int pageSize, CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _reading = Task.Run(() => ReadAsync(answer, heldHere, decode, pageSize, _stop.Token), CancellationToken.None);
    }

    /// <summary>Every operation id the answer held; complete once <see cref="NextAsync"/> has returned null.</summary>
    public IReadOnlySet<Guid> ServerIds => _serverIds;

    /// <summary>Starts reading the answer; the caller disposes the pipeline.</summary>
    /// <param name="answer">The answer's operations in order, as they arrive.</param>
    /// <param name="heldHere">True for an operation this device holds (it is noted there and not paged); runs on the reading thread.</param>
    /// <param name="decode">Decodes a full page (runs on the reading thread).</param>
    public static V1AnswerPipeline<TDecoded> Start(
        IAsyncEnumerable<V1Operation> answer, Predicate<V1Operation> heldHere, Func<IReadOnlyList<V1Operation>, TDecoded> decode, int pageSize, CancellationToken cancellationToken) =>
        new(answer, heldHere, decode, pageSize, cancellationToken);

    /// <summary>
    /// The next page in order with the number of operations read up to its end; null when the whole answer is
    /// read. Throws what reading or decoding threw, after the pages read before the failure.
    /// </summary>
    public async Task<(TDecoded Page, int Received)?> NextAsync(CancellationToken cancellationToken)
    {
        if (await _pages.Reader.WaitToReadAsync(cancellationToken) && _pages.Reader.TryRead(out var page))
        {
            return page;
        }

        await _reading;
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing); // a failure the caller did not read went with the caller's own
        _stop.Dispose();
    }

    private async Task ReadAsync(
        IAsyncEnumerable<V1Operation> answer, Predicate<V1Operation> heldHere, Func<IReadOnlyList<V1Operation>, TDecoded> decode, int pageSize, CancellationToken stop)
    {
        try
        {
            var page = new List<V1Operation>(pageSize);
            var received = 0;
            await foreach (var operation in answer.WithCancellation(stop))
            {
                received++;
                _serverIds.Add(operation.Id);
                if (heldHere(operation))
                {
                    continue;
                }

                page.Add(operation);
                if (page.Count == pageSize)
                {
                    await _pages.Writer.WriteAsync((decode(page), received), stop);
                    page = new List<V1Operation>(pageSize);
                }
            }

            if (page.Count > 0)
            {
                await _pages.Writer.WriteAsync((decode(page), received), stop);
            }
        }
        finally
        {
            _pages.Writer.TryComplete();
        }
    }
}
