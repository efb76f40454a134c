using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dataans.Contracts.Sync;
using Dataans.Core.Sync;

namespace Dataans.Core.Inbox;

/// <summary>
/// Sends a capture with only a capture link (<c>dataans inbox send LINK</c>): seals it to the link's
/// public key here and posts the sealed bytes with the link's token; needs no account key or profile.
/// Thread-safe (stateless).
/// </summary>
public static class CaptureSender
{
    /// <summary>
    /// Seals and sends; returns the item id. A <c>429</c> (the link's rate) is waited out for the
    /// server's <c>Retry-After</c> and the same sealed item sent again, like sync does (see
    /// <see cref="RetryAfterHandler"/>); <paramref name="waiting"/> hears of each wait before it starts.
    /// </summary>
    /// <exception cref="ArgumentException">The link is not a capture link.</exception>
    /// <exception cref="SyncException">The server refused the item or cannot be reached.</exception>
    public static async Task<Guid> SendAsync(string link, CaptureContent content, Action<TimeSpan>? waiting = null, CancellationToken cancellationToken = default)
    {
        var (server, token, publicKey) = ParseLink(link);
        var itemId = Guid.NewGuid();
        var sealedItem = InboxSeal.Seal(publicKey, itemId, content.Encode());
        using var sockets = new SocketsHttpHandler();
        using var retrying = new RetryAfterHandler(sockets, waiting: waiting);
        using var http = new HttpClient(retrying, disposeHandler: false)
        {
            BaseAddress = server,
            Timeout = RetryAfterHandler.MaxTotalWait + RetryAfterHandler.MaxWait + TimeSpan.FromSeconds(120),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "v2/capture/items") { Content = new ByteArrayContent(sealedItem) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new SyncException(SyncFailure.Unreachable, $"The server at {server} cannot be reached: {UnreachableReason.Describe(exception)}.", exception);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return itemId;
            }

            var detail = await ProblemDetailAsync(response, cancellationToken);
            throw response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => new SyncException(SyncFailure.Unauthorized, "The capture link was revoked or has expired."),
                HttpStatusCode.TooManyRequests => new SyncException(SyncFailure.Protocol,
                    $"The server still refused the capture after waiting {RetryAfterHandler.MaxTotalWait.TotalMinutes:0} minutes for the link's rate limit: try again later."),
                _ => new SyncException(SyncFailure.Protocol, $"The server refused the capture ({(int)response.StatusCode}{(detail is null ? string.Empty : ": " + detail)})."),
            };
        }
    }

    /// <summary>The server, token and public key of <c>&lt;server&gt;/capture/#t=&lt;token&gt;&amp;k=&lt;key&gt;</c>.</summary>
    /// <exception cref="ArgumentException">It is not such a link.</exception>
    public static (Uri Server, string Token, byte[] PublicKey) ParseLink(string link)
    {
        const string Usage = "The link must look like https://server/capture/#t=dci_…&k=… (as 'dataans inbox link' prints it).";
        if (!Uri.TryCreate(link.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || !uri.AbsolutePath.EndsWith("/capture/", StringComparison.Ordinal) || uri.Fragment.Length < 2)
        {
            throw new ArgumentException(Usage, nameof(link));
        }

        var parts = uri.Fragment[1..].Split('&').Select(part => part.Split('=', 2)).Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => Uri.UnescapeDataString(pair[1]), StringComparer.Ordinal);
        if (!parts.TryGetValue("t", out var token) || !token.StartsWith("dci_", StringComparison.Ordinal) || !parts.TryGetValue("k", out var keyText))
        {
            throw new ArgumentException(Usage, nameof(link));
        }

        byte[] key;
        try
        {
            var normal = keyText.Replace('-', '+').Replace('_', '/');
            key = Convert.FromBase64String(normal + new string('=', (4 - (normal.Length % 4)) % 4));
        }
        catch (FormatException)
        {
            throw new ArgumentException(Usage, nameof(link));
        }

        if (key.Length != 65 || key[0] != 0x04)
        {
            throw new ArgumentException("The link's key is not an inbox public key.", nameof(link));
        }

        var root = uri.AbsoluteUri[..(uri.AbsoluteUri.Length - uri.Fragment.Length - "capture/".Length)];
        return (new Uri(root), token, key);
    }

    private static async Task<string?> ProblemDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return document.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
