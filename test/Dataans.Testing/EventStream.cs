using System.Text.Json;
using Dataans.Contracts.Sync;

namespace Dataans.Testing;

/// <summary>A client's open <c>GET /v2/events</c> stream: its head events, keep-alives and end, each read within ten seconds.</summary>
public sealed class EventStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventStream(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public static async Task<EventStream> OpenAsync(HttpClient client)
    {
        var response = await client.GetAsync("v2/events", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new EventStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
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

    /// <summary>Reads until the next keep-alive comment; fails if the stream ends first.</summary>
    public async Task KeepAliveAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await _reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith(": keep-alive", StringComparison.Ordinal))
            {
                return;
            }
        }

        throw new EndOfStreamException("The event stream ended.");
    }

    /// <summary>Reads until the server ends the stream (at most 10 s).</summary>
    public async Task EndAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await _reader.ReadLineAsync(timeout.Token) is not null)
        {
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
