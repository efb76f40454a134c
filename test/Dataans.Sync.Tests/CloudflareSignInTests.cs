using System.Net;
using System.Text.RegularExpressions;
using Dataans.Core.Profile;
using Dataans.Core.Sync;

namespace Dataans.Sync.Tests;

/// <summary>
/// The Cloudflare hand-off: the app listens on loopback, the server's sign-in page (reached with the
/// Access JWT, as the edge would forward it) waits for the user's click, then posts a one-time code that
/// only this app's key opens, with the state; the app signs in with the token inside (issue 14, item 5).
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
                using var attempt = await browser.PostAsync(redirect, new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = "stolen", ["state"] = "guessed-state-value-1234" }));
                forged = attempt.StatusCode;
                await FollowSignInPageAsync(browser, page, jwt);
            },
            TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.BadRequest, forged);
        Assert.Equal(jwt, token);
    }

    [Fact]
    public async Task SignInPage_HandsNothingOverWithoutAClick_AndShowsNoTokenInClear()
    {
        var jwt = _idp.Token("user-4", Audience);
        using var browser = new HttpClient();
        string? html = null;
        var pageLoaded = new TaskCompletionSource();
        using var stop = new CancellationTokenSource();

        var waiting = LoopbackSignIn.ReceiveTokenAsync(_server.BaseAddress, async page =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, page);
            request.Headers.Add("Cf-Access-Jwt-Assertion", jwt);
            using var response = await browser.SendAsync(request);
            html = await response.Content.ReadAsStringAsync();
            Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.DoesNotContain("script-src", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            pageLoaded.SetResult();
        }, TimeSpan.FromSeconds(30), stop.Token);
        await pageLoaded.Task;

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase); // nothing submits the form but the user
        Assert.Contains("id=\"continue\"", html, StringComparison.Ordinal);
        Assert.Contains("user-4", html, StringComparison.Ordinal); // whose sign-in it is
        Assert.DoesNotContain(jwt, html, StringComparison.Ordinal); // only sealed
        Assert.DoesNotContain(jwt.Split('.')[1], html, StringComparison.Ordinal);
        Assert.False(waiting.IsCompleted);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task ACodeMadeForAnotherAppsKey_DoesNotOpen_SoALinkSomeoneElseMadeGivesThemNothingHere()
    {
        var jwt = _idp.Token("user-5", Audience);
        using var browser = new HttpClient();
        HttpStatusCode foreign = 0;

        var token = await LoopbackSignIn.ReceiveTokenAsync(
            _server.BaseAddress,
            async page =>
            {
                // The same link with another app's key (and our state): the page seals the token to that key.
                using var otherKey = System.Security.Cryptography.ECDiffieHellman.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
                var q = otherKey.ExportParameters(false).Q;
                var otherPoint = Convert.ToBase64String([0x04, .. q.X!, .. q.Y!]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
                var otherLink = new Uri(AppKeyPattern().Replace(page.AbsoluteUri, "app_key=" + otherPoint));
                var (action, fields) = await LoadHandOffFormAsync(browser, otherLink, jwt);
                using (var attempt = await browser.PostAsync(action, new FormUrlEncodedContent(fields)))
                {
                    foreign = attempt.StatusCode;
                }

                await FollowSignInPageAsync(browser, page, jwt);
            },
            TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.BadRequest, foreign);
        Assert.Equal(jwt, token);
    }

    [Fact]
    public async Task ACode_OpensOnlyWithItsStateAndKey_AndOnlyWhileItIsFresh()
    {
        var jwt = _idp.Token("user-6", Audience);
        using var key = new SignInKey();
        using var otherKey = new SignInKey();
        const string State = "state-of-this-sign-in-1234";
        var page = new Uri(_server.BaseAddress, $"v2/signin?redirect_uri=http%3A%2F%2F127.0.0.1%3A53123%2Fcallback&state={State}&app_key={key.PublicKey}");
        using var browser = new HttpClient();
        var (_, fields) = await LoadHandOffFormAsync(browser, page, jwt);
        var code = fields["code"];
        var now = DateTimeOffset.UtcNow;

        Assert.Equal(jwt, key.TryOpen(code, State, now));
        Assert.Null(key.TryOpen(code, "another-state-of-sign-in-1234", now));
        Assert.Null(otherKey.TryOpen(code, State, now));
        Assert.Null(key.TryOpen(code[..^4] + (code[^4..] == "AAAA" ? "BBBB" : "AAAA"), State, now)); // tampered
        Assert.Equal(jwt, key.TryOpen(code, State, now + TimeSpan.FromMinutes(9))); // five minutes, plus five for clocks apart
        Assert.Null(key.TryOpen(code, State, now + TimeSpan.FromMinutes(11)));
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

    /// <summary>What the browser and the user do: load the page behind Access, then click its button (submit the form).</summary>
    private static async Task FollowSignInPageAsync(HttpClient browser, Uri page, string jwt)
    {
        var (action, fields) = await LoadHandOffFormAsync(browser, page, jwt);
        using var handOff = await browser.PostAsync(action, new FormUrlEncodedContent(fields));
        handOff.EnsureSuccessStatusCode();
    }

    private static async Task<(string Action, Dictionary<string, string> Fields)> LoadHandOffFormAsync(HttpClient browser, Uri page, string jwt)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, page);
        request.Headers.Add("Cf-Access-Jwt-Assertion", jwt);
        using var response = await browser.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var html = await response.Content.ReadAsStringAsync();
        var action = WebUtility.HtmlDecode(ActionPattern().Match(html).Groups[1].Value);
        var fields = HiddenPattern().Matches(html).ToDictionary(match => match.Groups[1].Value, match => WebUtility.HtmlDecode(match.Groups[2].Value));
        Assert.Equal(["code", "state"], fields.Keys.Order());
        return (action, fields);
    }

    [GeneratedRegex("action=\"([^\"]+)\"")]
    private static partial Regex ActionPattern();

    [GeneratedRegex("name=\"(code|state)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenPattern();

    [GeneratedRegex("redirect_uri=([^&]+)")]
    private static partial Regex RedirectPattern();

    [GeneratedRegex("app_key=[A-Za-z0-9_-]+")]
    private static partial Regex AppKeyPattern();
}
