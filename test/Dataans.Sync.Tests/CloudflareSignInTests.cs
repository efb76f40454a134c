using System.Net;
using System.Text.RegularExpressions;
using Dataans.Core.Profile;
using Dataans.Core.Sync;
using Dataans.Server.Tests.Infrastructure;

namespace Dataans.Sync.Tests;

/// <summary>
/// The Cloudflare hand-off: the app listens on loopback, the server's sign-in page (reached with the
/// Access JWT, as the edge would forward it) POSTs the token and state back, and the app signs in with it.
/// </summary>
public sealed partial class CloudflareSignInTests : IAsyncLifetime
{
    private const string Audience = "dataans-test-aud";
    private JwksServer _idp = null!;
    private ServerInstance _server = null!;
    private Device _device = null!;

    public async Task InitializeAsync()
    {
        _idp = await JwksServer.StartAsync();
        _server = await ServerInstance.StartAsync("--auth", "cloudflare", "--cloudflare-aud", Audience,
            "--cloudflare-certs-url", _idp.CertsUrl, "--cloudflare-issuer", _idp.Issuer);
        _device = await Device.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await _device.DisposeAsync();
        await _server.DisposeAsync();
        await _idp.DisposeAsync();
    }

    [Fact]
    public async Task BrowserHandOff_GivesTheAppTheAccessToken_AndSignInUsesItAsTheCookie()
    {
        var jwt = _idp.Token("user-1", Audience);
        using var browser = new HttpClient();

        var token = await LoopbackSignIn.ReceiveTokenAsync(_server.BaseAddress, page => FollowSignInPageAsync(browser, page, jwt), TimeSpan.FromSeconds(30));
        var (profile, generated) = await _device.Account.SignInAsync(_server.BaseAddress, token, "pw", null);

        Assert.Equal(jwt, token);
        Assert.True(generated);
        Assert.Equal(AuthMode.Cloudflare, profile.AuthMode);
        await _device.Store.CreateSpaceAsync("Via Cloudflare");
        Assert.True((await _device.Engine.SyncAsync()).Success);
    }

    [Fact]
    public async Task HandOffWithAnotherState_IsRefused_AndTheRealOneStillCompletes()
    {
        var jwt = _idp.Token("user-2", Audience);
        using var browser = new HttpClient();
        HttpStatusCode forged = 0;

        var token = await LoopbackSignIn.ReceiveTokenAsync(
            _server.BaseAddress,
            async page =>
            {
                var redirect = Uri.UnescapeDataString(RedirectPattern().Match(page.Query).Groups[1].Value);
                using var attempt = await browser.PostAsync(redirect, new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = "stolen", ["state"] = "guessed-state-value-1234" }));
                forged = attempt.StatusCode;
                await FollowSignInPageAsync(browser, page, jwt);
            },
            TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.BadRequest, forged);
        Assert.Equal(jwt, token);
    }

    [Fact]
    public async Task ExpiredAccessToken_IsRejectedWithAClearSentence()
    {
        var expired = _idp.Token("user-3", Audience, notBefore: DateTime.UtcNow.AddHours(-2), expires: DateTime.UtcNow.AddHours(-1));

        var error = await Assert.ThrowsAsync<SyncException>(() => _device.Account.SignInAsync(_server.BaseAddress, expired, "pw", null));

        Assert.Equal(SyncFailure.Unauthorized, error.Failure);
        Assert.Contains("expired", error.Message, StringComparison.Ordinal);
        Assert.Null(await _device.Profiles.LoadAsync());
    }

    /// <summary>What the browser does: load the page behind Access, then submit its hand-off form.</summary>
    private static async Task FollowSignInPageAsync(HttpClient browser, Uri page, string jwt)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, page);
        request.Headers.Add("Cf-Access-Jwt-Assertion", jwt);
        using var response = await browser.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var html = await response.Content.ReadAsStringAsync();
        var action = WebUtility.HtmlDecode(ActionPattern().Match(html).Groups[1].Value);
        var fields = HiddenPattern().Matches(html).ToDictionary(match => match.Groups[1].Value, match => WebUtility.HtmlDecode(match.Groups[2].Value));
        using var handOff = await browser.PostAsync(action, new FormUrlEncodedContent(fields));
        handOff.EnsureSuccessStatusCode();
    }

    [GeneratedRegex("action=\"([^\"]+)\"")]
    private static partial Regex ActionPattern();

    [GeneratedRegex("name=\"(token|state)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenPattern();

    [GeneratedRegex("redirect_uri=([^&]+)")]
    private static partial Regex RedirectPattern();
}
