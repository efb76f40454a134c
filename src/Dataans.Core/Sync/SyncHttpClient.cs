using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dataans.Contracts.Sync;
using Dataans.Core.Profile;

namespace Dataans.Core.Sync;

/// <summary>
/// The HTTP side of sync: v2 and v1 routes of a dataans-server, with the profile's credentials on
/// every request to its origin (<see cref="ServerCredentialHandler"/>).
/// Failures become <see cref="SyncException"/> with a sentence for the user. Thread-safe.
/// </summary>
internal sealed partial class SyncHttpClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly HttpMessageHandler? _inner;
    private readonly AuthMode _authMode;

    /// <param name="handler">A shared handler to send through; it must not follow redirects (see <see cref="ServerCredentialHandler.CreateInner"/>).</param>
    public SyncHttpClient(Uri serverUrl, AuthMode authMode, string? token, HttpMessageHandler? handler = null)
    {
        var baseAddress = serverUrl.AbsoluteUri.EndsWith('/') ? serverUrl : new Uri(serverUrl.AbsoluteUri + "/");
        _inner = handler is null ? ServerCredentialHandler.CreateInner() : null;
        // The credential goes on each request to the server's origin only, never as a default header
        // that a redirect to another host would carry along.
        // 429 answers are waited out outside the credential handler, so a repeated request is authorized again.
#pragma warning disable CA2000 // The credential handler only wraps the inner handler, which may be shared: disposing it would dispose that too. The owner of the inner handler disposes it.
        _http = new HttpClient(new RetryAfterHandler(new ServerCredentialHandler(baseAddress, authMode, token, handler ?? _inner!)), disposeHandler: false);
#pragma warning restore CA2000
        _ownsHttp = true;
        _http.BaseAddress = baseAddress;
        _authMode = authMode;
        _http.Timeout = Timeout.InfiniteTimeSpan;
        _http.MaxResponseContentBufferSize = DefaultMaxResponseBytes;
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("dataans", typeof(SyncHttpClient).Assembly.GetName().Version?.ToString(3) ?? "0"));
    }

    public Uri ServerUrl => _http.BaseAddress!;

    /// <summary>How long one request may take before it counts as unreachable.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Bytes sent and received in request and response bodies and headers (approximate).</summary>
    public long BytesOnWire => Interlocked.Read(ref _bytesOnWire);

    /// <summary>How many HTTP requests were made.</summary>
    public int Requests => _requests;

    private long _bytesOnWire;
    private int _requests;

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }

        _inner?.Dispose();
    }

    /// <summary>The server's <c>v2/info</c>. An address where something other than a dataans-server answers gets a sentence saying so.</summary>
    public async Task<ServerInfo> GetInfoAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "v2/info"), cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
        {
            throw NotASyncServer($"{ServerUrl}v2/info answered {(int)response.StatusCode} ({response.ReasonPhrase})", null);
        }

        await EnsureSuccessAsync(response, cancellationToken);
        try
        {
            return await ReadJsonAsync(response, V2JsonContext.Default.ServerInfo, cancellationToken);
        }
        catch (SyncException exception) when (exception.Failure == SyncFailure.Protocol)
        {
            throw NotASyncServer($"{ServerUrl}v2/info answered with something other than a dataans-server's JSON", exception);
        }
    }

    private SyncException NotASyncServer(string what, Exception? innerException) => new(
        SyncFailure.Protocol,
        $"No Dataans sync server answers at {ServerUrl}: {what}. Check the address: it is the one dataans-server prints when it starts, such as http://127.0.0.1:8080/.",
        innerException);

    /// <summary>Sign-in's check of the credential. A 401 here is a token typed or pasted wrong, or revoked, not one that expired.</summary>
    public async Task CheckAuthAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "health/auth"), cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized && _authMode == AuthMode.Token)
        {
            throw new SyncException(SyncFailure.Unauthorized,
                $"The sync server at {ServerUrl} does not know this token. Give it whole, as 'dataans-server user add' or 'user token add' printed it; a revoked token no longer works.");
        }

        await EnsureSuccessAsync(response, cancellationToken);
    }

    public async Task<string?> GetVerifierAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "v2/verifier"), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        return (await ReadJsonAsync(response, V2JsonContext.Default.KeyVerifier, cancellationToken)).Verifier;
    }

    public async Task PutVerifierAsync(string verifier, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "v2/verifier")
        {
            Content = JsonContent.Create(new KeyVerifier { Verifier = verifier }, V2JsonContext.Default.KeyVerifier),
        };
        using var response = await SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary>Revokes the token this client signs in with (token-mode servers); false when the server has none to revoke.</summary>
    public async Task<bool> RevokeOwnTokenAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, "v2/token"), cancellationToken, timeout: TimeSpan.FromSeconds(10));
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        return true;
    }

    /// <summary>
    /// Operations after the cursor <paramref name="after"/>. With the <paramref name="epoch"/> that cursor belongs to (and
    /// the id of the operation at it, <paramref name="afterId"/>), a server put back to an older state without its epoch
    /// rotated notices a position it does not hold and rotates the epoch (protocol.md §2).
    /// </summary>
    public Task<PullResponse> PullAsync(long after, int limit, string? epoch = null, Guid? afterId = null, CancellationToken cancellationToken = default) =>
        GetJsonAsync(
            $"v2/ops?after={after}&limit={limit}"
                + (epoch is null ? "" : $"&epoch={Uri.EscapeDataString(epoch)}")
                + (epoch is null || afterId is null ? "" : $"&afterId={afterId:D}"),
            V2JsonContext.Default.PullResponse, cancellationToken, compressed: true);

    public Task<PullResponse> PullOrderedAsync(long skip, int limit, CancellationToken cancellationToken = default) =>
        GetJsonAsync($"v2/ops/ordered?skip={skip}&limit={limit}", V2JsonContext.Default.PullResponse, cancellationToken, compressed: true);

    public Task<BlocksResponse> GetBlocksAsync(int itemsPerBlock, CancellationToken cancellationToken = default) =>
        GetJsonAsync($"v2/blocks?itemsPerBlock={itemsPerBlock}", V2JsonContext.Default.BlocksResponse, cancellationToken, compressed: true);

    public async Task<PushResponse> PushAsync(IReadOnlyList<PushOperation> operations, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "v2/ops")
        {
            Content = JsonBody(JsonSerializer.SerializeToUtf8Bytes(new PushRequest { Ops = operations }, V2JsonContext.Default.PushRequest)),
        };
        AskForCompressedAnswer(request);
        using var response = await SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await ReadJsonAsync(response, V2JsonContext.Default.PushResponse, cancellationToken);
    }

    private async Task<T> GetJsonAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken, bool compressed = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (compressed)
        {
            AskForCompressedAnswer(request);
        }

        using var response = await SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await ReadJsonAsync(response, type, cancellationToken);
    }

    private async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await ReadBoundedAsync(response, MaxJsonResponseBytes, cancellationToken);
            Interlocked.Add(ref _bytesOnWire, bytes.Length);
            return JsonSerializer.Deserialize(Decode(bytes, response.Content.Headers.ContentEncoding), type) ?? throw new JsonException("null");
        }
        catch (Exception exception) when (exception is JsonException or InvalidDataException)
        {
            throw new SyncException(SyncFailure.Protocol, "The server sent an answer this app does not understand.", exception);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead,
        TimeSpan? timeout = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? RequestTimeout);
        Interlocked.Increment(ref _requests);
        try
        {
            if (request.Content is JsonContent json)
            {
                // A JSON body has no length until serialized: buffer it so that it is counted (and sent with Content-Length).
                await json.LoadIntoBufferAsync(deadline.Token);
            }

            Interlocked.Add(ref _bytesOnWire, EstimateRequestBytes(request));
            var response = await _http.SendAsync(request, completion, deadline.Token);
            NoteAcceptedRequestEncodings(response);
            Interlocked.Add(ref _bytesOnWire, 16 + response.Headers.Concat(response.Content.Headers).Sum(header => header.Key.Length + 4 + header.Value.Sum(value => value.Length)));
            return response;
        }
        catch (HttpRequestException exception) when (exception.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            throw TooLong(MaxJsonResponseBytes);
        }
        catch (HttpRequestException exception)
        {
            throw new SyncException(SyncFailure.Unreachable, $"The sync server at {ServerUrl} cannot be reached: {UnreachableReason.Describe(exception)}.", exception);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SyncException(SyncFailure.Unreachable, $"The sync server at {ServerUrl} did not answer in time.", exception);
        }
        catch (Exception exception) when (exception is SocketException or IOException)
        {
            // SocketsHttpHandler lets a few of these out unwrapped (e.g. a connection reset right after connect).
            throw new SyncException(SyncFailure.Unreachable, $"The sync server at {ServerUrl} cannot be reached: the connection broke.", exception);
        }
        finally
        {
            request.Dispose();
        }
    }

    private static long EstimateRequestBytes(HttpRequestMessage request) =>
        request.Method.Method.Length + (request.RequestUri?.OriginalString.Length ?? 0) + 40
        + (request.Content?.Headers.ContentLength ?? 0);

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var (detail, operationId) = await ReadProblemDetailAsync(response, cancellationToken);
        throw response.StatusCode switch
        {
            // 403 with a reason: a valid sign-in of an identity this server does not admit (allow-list, required claim).
            HttpStatusCode.Forbidden when detail is not null => new SyncException(SyncFailure.Unauthorized, $"The sync server refused this account: {detail}"),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new SyncException(SyncFailure.Unauthorized, "The sync server rejected the sign-in token (it may have expired): sign in again."),
            HttpStatusCode.Conflict => new SyncException(SyncFailure.Conflict, detail ?? "The server holds different data under the same id.")
            {
                ConflictingOperationId = operationId,
            },
            HttpStatusCode.TooManyRequests => new SyncException(SyncFailure.Server, "The sync server asked this device to slow down (429, too many requests for this account); it will be retried.")
            {
                RetryAfter = RetryAfterHandler.RetryAfter(response, DateTimeOffset.UtcNow),
            },
            HttpStatusCode.InsufficientStorage => new SyncException(SyncFailure.Server, "The sync server's storage is full; sync will be retried (its operator must free space)."),
            HttpStatusCode.ServiceUnavailable => new SyncException(SyncFailure.Server, "The sync server's storage is unavailable for now (503); it will be retried."),
            >= HttpStatusCode.InternalServerError => new SyncException(SyncFailure.Server, $"The sync server had an internal problem ({(int)response.StatusCode})."),
            _ => new SyncException(SyncFailure.Protocol, $"The sync server refused the request ({(int)response.StatusCode}{(detail is null ? string.Empty : ": " + detail)})."),
        };
    }

    /// <summary>The problem's <c>detail</c> and, for an operation conflict, its <c>operationId</c> (each null when absent).</summary>
    private static async Task<(string? Detail, Guid? OperationId)> ReadProblemDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var document = JsonDocument.Parse(await ReadBoundedAsync(response, MaxProblemBytes, cancellationToken));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            var detail = root.TryGetProperty("detail", out var detailValue) && detailValue.ValueKind == JsonValueKind.String ? detailValue.GetString() : null;
            var operationId = root.TryGetProperty("operationId", out var idValue) && idValue.ValueKind == JsonValueKind.String && Guid.TryParse(idValue.GetString(), out var id)
                ? id
                : (Guid?)null;
            return (detail, operationId);
        }
        catch (Exception exception) when (exception is JsonException or SyncException)
        {
            return (null, null);
        }
    }
}
