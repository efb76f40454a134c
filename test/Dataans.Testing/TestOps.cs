using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Dataans.Contracts;
using Dataans.Contracts.Sync;

namespace Dataans.Testing;

public static class TestOps
{
    private static long _clock = Timestamp.Parse("2025-07-31T16:25:57.123456789Z").UnixNanoseconds;

    /// <summary>A new operation with random ciphertext and a 32-byte checksum; createdAt strictly increases unless given.</summary>
    public static PushOperation New(Timestamp? createdAt = null, int size = 48)
    {
        var data = RandomNumberGenerator.GetBytes(size);
        return new PushOperation
        {
            Id = Guid.NewGuid(),
            CreatedAt = createdAt ?? new Timestamp(Interlocked.Add(ref _clock, 1_001)),
            Data = data,
            Checksum = SHA256.HashData(data),
        };
    }

    public static PushOperation[] Many(int count) => [.. Enumerable.Range(0, count).Select(_ => New())];

    public static HttpContent Body(params PushOperation[] ops) =>
        JsonContent.Create(new PushRequest { Ops = ops }, V2JsonContext.Default.PushRequest);

    public static async Task<PushResponse> PushAsync(HttpClient client, params PushOperation[] ops)
    {
        using var response = await client.PostAsync("v2/ops", Body(ops));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(V2JsonContext.Default.PushResponse))!;
    }

    public static async Task<PullResponse> PullAsync(HttpClient client, long after, int? limit = null)
    {
        var url = limit is null ? $"v2/ops?after={after}" : $"v2/ops?after={after}&limit={limit}";
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(V2JsonContext.Default.PullResponse))!;
    }

    /// <summary>Asserts an RFC 7807 problem with the given status; returns its JSON.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement.Clone();
        Assert.Equal((int)status, root.GetProperty("status").GetInt32());
        return root;
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }
}
