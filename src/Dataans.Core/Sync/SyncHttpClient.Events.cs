using System.Runtime.CompilerServices;
using System.Text.Json;
using Dataans.Contracts.Sync;

namespace Dataans.Core.Sync;

internal sealed partial class SyncHttpClient
{
    /// <summary>
    /// Follows the server's push channel (<c>GET /v2/events</c>, Server-Sent Events) and yields every
    /// <c>head</c> event until the connection ends or <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async IAsyncEnumerable<HeadChanged> ListenAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "v2/events");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await SendAsync(request, cancellationToken, HttpCompletionOption.ResponseHeadersRead, Timeout.InfiniteTimeSpan);
        await EnsureSuccessAsync(response, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new EventLineReader(body, MaxEventLineBytes);
        string? eventName = null;
        var data = new System.Text.StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (eventName == "head" && TryParse(data.ToString()) is { } head)
                {
                    yield return head;
                }

                eventName = null;
                data.Clear();
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                eventName = line[6..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal) && data.Length < 64 * 1024)
            {
                data.Append(line[5..].TrimStart());
            }
        }
    }

    private static HeadChanged? TryParse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, V2JsonContext.Default.HeadChanged);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
