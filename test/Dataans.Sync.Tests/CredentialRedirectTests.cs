using System.Net;
using Dataans.Core.Profile;
using Dataans.Core.Sync;

namespace Dataans.Sync.Tests;

/// <summary>
/// The credential goes to the sync server's own origin only: a real loopback server that redirects to
/// another origin (another port) never sees the Access JWT there; a redirect within the origin is
/// followed with it.
/// </summary>
public sealed class CredentialRedirectTests : IAsyncDisposable
{
    private const string Jwt = "header.payload.signature-of-the-access-jwt";
    private readonly HttpListener _server;
    private readonly HttpListener _elsewhere;
    private readonly List<string> _elsewhereSaw = [];

    public CredentialRedirectTests()
    {
        _server = Listen(out var serverPort);
        _elsewhere = Listen(out var otherPort);
        ServerUrl = new Uri($"http://127.0.0.1:{serverPort}/");
        OtherOrigin = new Uri($"http://127.0.0.1:{otherPort}/");
    }

    private Uri ServerUrl { get; }

    private Uri OtherOrigin { get; }

    [Theory]
    [InlineData("cloudflare")]
    [InlineData("token")]
    public async Task RedirectToAnotherOrigin_IsNotFollowed_AndTheTokenNeverGoesThere(string authMode)
    {
        var mode = authMode == "cloudflare" ? AuthMode.Cloudflare : AuthMode.Token;
        var serving = ServeAsync(context => Redirect(context, HttpStatusCode.Found, new Uri(OtherOrigin, "health/auth")));
        var trap = TrapAsync();
        using var client = new SyncHttpClient(ServerUrl, mode, Jwt);

        var error = await Assert.ThrowsAsync<SyncException>(() => client.CheckAuthAsync());

        Assert.Contains("redirected to another address", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Jwt, error.Message, StringComparison.Ordinal);
        _elsewhere.Stop();
        await trap;
        Assert.Empty(_elsewhereSaw);
        _server.Stop();
        await serving;
    }

    [Fact]
    public async Task RedirectWithinTheOrigin_IsFollowed_WithTheCookie()
    {
        string? cookieAtTarget = null;
        var serving = ServeAsync(context =>
        {
            if (context.Request.Url!.AbsolutePath == "/health/auth")
            {
                Redirect(context, HttpStatusCode.TemporaryRedirect, new Uri(ServerUrl, "moved/health/auth"));
                return false;
            }

            cookieAtTarget = context.Request.Headers["Cookie"];
            context.Response.StatusCode = 200;
            context.Response.Close();
            return true;
        });
        using var client = new SyncHttpClient(ServerUrl, AuthMode.Cloudflare, Jwt);

        await client.CheckAuthAsync();

        Assert.Equal("CF_Authorization=" + Jwt, cookieAtTarget);
        _server.Stop();
        await serving;
    }

    public ValueTask DisposeAsync()
    {
        _server.Close();
        _elsewhere.Close();
        return ValueTask.CompletedTask;
    }

    private static bool Redirect(HttpListenerContext context, HttpStatusCode status, Uri target)
    {
        context.Response.StatusCode = (int)status;
        context.Response.RedirectLocation = target.AbsoluteUri;
        context.Response.Close();
        return true;
    }

    /// <summary>Answers requests with <paramref name="answer"/> until it returns true (done) or the listener stops.</summary>
    private async Task ServeAsync(Func<HttpListenerContext, bool> answer)
    {
        try
        {
            while (!answer(await _server.GetContextAsync()))
            {
            }
        }
        catch (HttpListenerException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task TrapAsync()
    {
        try
        {
            while (true)
            {
                var context = await _elsewhere.GetContextAsync();
                _elsewhereSaw.Add($"{context.Request.Url} cookie={context.Request.Headers["Cookie"]} auth={context.Request.Headers["Authorization"]}");
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }
        catch (HttpListenerException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static HttpListener Listen(out int port)
    {
        port = Processes.FreePort();
        var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        return listener;
    }
}
