using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Dataans.Core.Sync;

/// <summary>
/// What a hostile or broken server can make this client hold in memory: every JSON answer, error body
/// and event-stream line is read against a cap and refused beyond it.
/// </summary>
internal sealed partial class SyncHttpClient
{
    /// <summary>An error body is read for its one-line <c>detail</c> only.</summary>
    internal const int MaxProblemBytes = 64 * 1024;

    /// <summary>An event-stream line (a <c>head</c> event is about 100 bytes).</summary>
    internal const int MaxEventLineBytes = 64 * 1024;

    /// <summary>
    /// Largest JSON answer read. A v2 page is about 1.4 × the server's <c>MaxPullBytes</c> (8 MiB by
    /// default); a v1 operation list holds every operation after the common blocks in one answer, so the
    /// cap is far above both.
    /// </summary>
    public long MaxJsonResponseBytes
    {
        get => _http.MaxResponseContentBufferSize;
        init => _http.MaxResponseContentBufferSize = value; // before the first request, as HttpClient requires
    }

    /// <summary>
    /// Largest v1 operation list read. v1 sends every operation a device lacks in one answer, about
    /// 2.8 KB per note operation, so a new device of 100,000 notes reads about 280 MB: it is read as it
    /// arrives, never held whole, and applied a page at a time.
    /// </summary>
    public long MaxV1OperationListBytes { get; init; } = 1024L * 1024 * 1024;

    private const long DefaultMaxResponseBytes = 256L * 1024 * 1024;

    /// <summary>
    /// Reads a JSON array answer one element at a time as it arrives, up to <paramref name="maxBytes"/>, with
    /// <see cref="RequestTimeout"/> as the longest silence, so that only the elements the caller keeps stay in
    /// memory. Only an uncoded body is accepted (the request asked for no coding); a null element is an answer
    /// this app does not understand.
    /// </summary>
    private async IAsyncEnumerable<T> ReadJsonArrayStreamedAsync<T>(
        HttpResponseMessage response, JsonTypeInfo<T> type, long maxBytes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var body = await OpenJsonBodyAsync(response, maxBytes, cancellationToken);
        try
        {
            await using var elements = JsonSerializer.DeserializeAsyncEnumerable(body, type, cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                T element;
                try
                {
                    if (!await elements.MoveNextAsync())
                    {
                        yield break;
                    }

                    element = elements.Current ?? throw new JsonException("null");
                }
                catch (Exception exception) when (ReadFailure(exception, body, maxBytes) is { } failure)
                {
                    throw failure;
                }

                yield return element;
            }
        }
        finally
        {
            Interlocked.Add(ref _bytesOnWire, body.BytesRead);
        }
    }

    /// <summary>The body of a JSON answer, read against <paramref name="maxBytes"/> and <see cref="RequestTimeout"/> as the longest silence; only an uncoded body is accepted (the request asked for no coding).</summary>
    private async Task<BoundedReadStream> OpenJsonBodyAsync(HttpResponseMessage response, long maxBytes, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > maxBytes)
        {
            throw TooLong(maxBytes);
        }

        if (response.Content.Headers.ContentEncoding.Any(coding => !coding.Equals("identity", StringComparison.OrdinalIgnoreCase)))
        {
            throw new SyncException(SyncFailure.Protocol, "The server sent an answer this app does not understand (a content coding it did not ask for).");
        }

        return new BoundedReadStream(await response.Content.ReadAsStreamAsync(cancellationToken), maxBytes, RequestTimeout, cancellationToken);
    }

    /// <summary>What a failure while reading a JSON answer means to the user, or null for one that is not about the answer.</summary>
    private SyncException? ReadFailure(Exception exception, BoundedReadStream body, long maxBytes) => exception switch
    {
        AnswerTooLongException => TooLong(maxBytes),
        JsonException => new SyncException(SyncFailure.Protocol, "The server sent an answer this app does not understand.", exception),
        OperationCanceledException when body.TimedOut =>
            new SyncException(SyncFailure.Unreachable, $"The sync server at {ServerUrl} stopped sending its answer.", exception),
        HttpRequestException or IOException =>
            new SyncException(SyncFailure.Unreachable, $"The sync server at {ServerUrl} cannot be reached: the connection broke.", exception),
        _ => null,
    };

    /// <summary>
    /// Reads a buffered answer or an error body whole, up to <paramref name="maxBytes"/>. Not written over
    /// <see cref="BoundedReadStream"/>: through it (and <c>CopyToAsync</c>'s pooled buffer) a new device's first
    /// sync of 10,000 notes peaked 3–7 MiB higher on average (benchmarks.md, 2026-12-06).
    /// </summary>
    /// <exception cref="SyncException">The body is longer than <paramref name="maxBytes"/>.</exception>
    private static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, long maxBytes, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > maxBytes)
        {
            throw TooLong(maxBytes);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (copy.Length + read > maxBytes)
            {
                throw TooLong(maxBytes);
            }

            copy.Write(buffer, 0, read);
        }

        return copy.ToArray();
    }

    private static SyncException TooLong(long maxBytes) =>
        new(SyncFailure.Protocol, string.Create(CultureInfo.InvariantCulture, $"The sync server sent an answer longer than this app accepts ({maxBytes:N0} bytes); it was not read."));
}
