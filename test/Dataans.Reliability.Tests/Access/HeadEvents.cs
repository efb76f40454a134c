using System.Text.Json;
using Dataans.Contracts.Sync;

namespace Dataans.Reliability.Tests.Access;

/// <summary>A client's open <c>GET /v2/events</c> stream, read one <c>head</c> event at a time.</summary>
internal sealed class HeadEvents : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private HeadEvents(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public static async Task<HeadEvents> OpenAsync(HttpClient client)
    {
        var response = await client.GetAsync("v2/events", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return new HeadEvents(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>The next head event; fails after ten seconds without one.</summary>
    public async Task<HeadChanged> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        string? eventName = null;
        while (await _reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                eventName = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && eventName == "head")
            {
                return JsonSerializer.Deserialize(line["data: ".Length..], V2JsonContext.Default.HeadChanged)!;
            }
        }

        throw new EndOfStreamException("The event stream ended.");
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
