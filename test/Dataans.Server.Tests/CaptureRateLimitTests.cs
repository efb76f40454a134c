using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Dataans.Contracts.Sync;

namespace Dataans.Server.Tests;

/// <summary>
/// Issue 16, item 6: each capture link has its own rate (RateLimits:CapturesPerMinutePerLink and
/// CaptureBurstPerLink). A link that floods the capture route is refused with 429 and Retry-After, while
/// another link of the same account still captures, the account's own devices still sync and read the
/// inbox, and another account is untouched.
/// </summary>
public sealed class CaptureRateLimitTests : IAsyncLifetime
{
    private ServerInstance _server = null!;

    public async Task InitializeAsync() =>
        _server = await ServerInstance.StartAsync("--RateLimits:CapturesPerMinutePerLink=1", "--RateLimits:CaptureBurstPerLink=3");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task FloodingLink_Gets429WithRetryAfter_WhileItsAccountAndOtherLinksAreServed()
    {
        using var alice = _server.Client(await _server.AddUserAsync("alice"));
        using var bob = _server.Client(await _server.AddUserAsync("bob"));
        await PublishKeyAsync(alice);
        using var flooding = CaptureClient(await CreateLinkAsync(alice, "leaked"));
        using var other = CaptureClient(await CreateLinkAsync(alice, "phone"));

        for (var i = 0; i < 3; i++)
        {
            using var withinBurst = await PostItemAsync(flooding);
            Assert.Equal(HttpStatusCode.Created, withinBurst.StatusCode);
        }

        using var refused = await PostItemAsync(flooding);
        var problem = await TestOps.AssertProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal(ProblemCodes.RateLimited, problem.GetProperty("code").GetString());
        Assert.Contains("capture link", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(30), $"Retry-After: {refused.Headers.RetryAfter}"); // one capture a minute

        using (var fromOtherLink = await PostItemAsync(other))
        {
            Assert.Equal(HttpStatusCode.Created, fromOtherLink.StatusCode);
        }

        var items = await alice.GetFromJsonAsync("v2/inbox/items", InboxJsonContext.Default.InboxItemList);
        Assert.Equal(4, items!.Items.Count); // the refused capture was not stored
        using var sync = await alice.GetAsync("v2/ops?after=0");
        Assert.Equal(HttpStatusCode.OK, sync.StatusCode);
        using var bobSync = await bob.GetAsync("v2/ops?after=0");
        Assert.Equal(HttpStatusCode.OK, bobSync.StatusCode);
    }

    private static async Task PublishKeyAsync(HttpClient owner)
    {
        using var ecdh = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var point = ecdh.ExportParameters(false).Q;
        var key = new InboxKey { PublicKey = [0x04, .. point.X!, .. point.Y!], SealedPrivateKey = RandomNumberGenerator.GetBytes(120) };
        using var response = await owner.PutAsJsonAsync("v2/inbox/key", key, InboxJsonContext.Default.InboxKey);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<string> CreateLinkAsync(HttpClient owner, string label)
    {
        using var response = await owner.PostAsJsonAsync("v2/inbox/links", new CaptureLinkRequest { Label = label }, InboxJsonContext.Default.CaptureLinkRequest);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(InboxJsonContext.Default.CaptureLinkInfo))!.Token!;
    }

    private HttpClient CaptureClient(string token)
    {
        var client = new HttpClient { BaseAddress = _server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Posts bytes shaped like a sealed item (magic, a new item id, header, body): the server checks only the shape.</summary>
    private static Task<HttpResponseMessage> PostItemAsync(HttpClient capture)
    {
        var bytes = RandomNumberGenerator.GetBytes(200);
        "DAI\u0001"u8.CopyTo(bytes);
        Guid.NewGuid().TryWriteBytes(bytes.AsSpan(4), bigEndian: true, out _);
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return capture.PostAsync("v2/capture/items", content);
    }
}
