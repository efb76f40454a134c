using System.Net;
using Dataans.Core.Sync;
using Duende.IdentityModel.OidcClient.Browser;

namespace Dataans.Core.Tests.Sync;

/// <summary>The loopback half of both browser sign-ins: what ends the wait, what is refused, and the timeout.</summary>
public sealed class LoopbackListenerTests
{
    [Fact]
    public async Task OidcCallback_EndsTheWait_AfterOtherRequestsAreAnsweredNotFound()
    {
        await using var browser = new LoopbackBrowser(async _ => { });
        using var http = new HttpClient();
        var options = new BrowserOptions("http://127.0.0.1:9/authorize", browser.RedirectUri) { Timeout = TimeSpan.FromSeconds(60) };
        var waiting = browser.InvokeAsync(options);

        using var stray = await http.GetAsync(new Uri(browser.RedirectUri.Replace("/callback", "/favicon.ico", StringComparison.Ordinal)));
        using var callback = await http.GetAsync(new Uri(browser.RedirectUri + "?code=abc&state=xyz"));
        var result = await waiting;

        Assert.Equal(HttpStatusCode.NotFound, stray.StatusCode);
        Assert.Equal(HttpStatusCode.OK, callback.StatusCode);
        Assert.Contains("Signed in.", await callback.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(BrowserResultType.Success, result.ResultType);
        Assert.Equal(browser.RedirectUri + "?code=abc&state=xyz", result.Response);
    }

    [Fact]
    public async Task OidcWithoutACallback_TimesOut()
    {
        await using var browser = new LoopbackBrowser(async _ => { });
        var options = new BrowserOptions("http://127.0.0.1:9/authorize", browser.RedirectUri) { Timeout = TimeSpan.FromMilliseconds(300) };

        var result = await browser.InvokeAsync(options);

        Assert.Equal(BrowserResultType.Timeout, result.ResultType);
        Assert.True(browser.TimedOut);
    }

    [Fact]
    public async Task CloudflareHandOff_RefusesAForeignPost_AndFailsClearlyWhenNothingValidArrives()
    {
        HttpStatusCode? refused = null;
        var error = await Assert.ThrowsAsync<SyncException>(() => LoopbackSignIn.ReceiveTokenAsync(new Uri("http://127.0.0.1:9"), async page =>
        {
            var redirect = Uri.UnescapeDataString(page.Query.Split('&')[0].Split('=')[1]);
            using var http = new HttpClient();
            using var form = new FormUrlEncodedContent([new("state", "not-the-state"), new("code", "forged")]);
            using var response = await http.PostAsync(new Uri(redirect), form);
            refused = response.StatusCode;
        }, TimeSpan.FromSeconds(2)));

        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Equal(SyncFailure.Unauthorized, error.Failure);
        Assert.Equal("The browser sign-in did not finish in time: try again.", error.Message);
    }
}
