using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Dataans.Docs.Tests.Infrastructure;

/// <summary>Looks at a running dataans-server over HTTP to check what an admin command did.</summary>
internal sealed class SyncServerClient(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public static SyncServerClient ForPort(int port) => new(new Uri($"http://127.0.0.1:{port}/"));

    public async Task WaitUntilReadyAsync(string path = "health/ready") =>
        Assert.True((await Eventually.AnswersAsync(_http, new Uri(_http.BaseAddress!, path), TimeSpan.FromMinutes(3))).IsSuccessStatusCode, $"{path} is not ready.");

    /// <summary>GET health/auth with a bearer token (token and OIDC modes) or the Access cookie (Cloudflare).</summary>
    public async Task<int> AuthStatusAsync(string? token, bool asCloudflareCookie = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "health/auth");
        if (token is not null && asCloudflareCookie)
        {
            request.Headers.Add("Cookie", "CF_Authorization=" + token);
        }
        else if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _http.SendAsync(request);
        return (int)response.StatusCode;
    }

    /// <summary>Pushes one opaque operation (the server never reads its data) and returns the new head.</summary>
    public async Task<long> PushOpaqueOperationAsync(string token)
    {
        var op = new { id = Guid.NewGuid(), createdAt = "2026-12-04T10:00:00.000000001Z", data = Convert.ToBase64String(new byte[64]), checksum = Convert.ToBase64String(new byte[32]) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "v2/ops") { Content = JsonContent.Create(new { ops = new[] { op } }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"push answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("head").GetInt64();
    }

    /// <summary>The user's epoch and the number of stored operations (a pull from the start).</summary>
    public async Task<(string Epoch, int Operations)> PullAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v2/ops?after=0&limit=1000");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"pull answered {(int)response.StatusCode}");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (body.RootElement.GetProperty("epoch").GetString()!, body.RootElement.GetProperty("ops").GetArrayLength());
    }

    public void Dispose() => _http.Dispose();
}
