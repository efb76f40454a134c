using System.Net;
using System.Security.Cryptography;
using Dataans.Contracts.Sync;

namespace Dataans.Core.Sync;

/// <summary>
/// The app side of the Cloudflare sign-in hand-off (RFC 8252 style, protocol.md §5): listens on a random
/// 127.0.0.1 port, opens the server's sign-in page (behind Cloudflare Access) with that address, a random
/// <c>state</c> and a one-time public key, and waits for the page to post back — after the user's click —
/// a code that only this key opens, bound to the state. The first valid code ends the hand-off (the key is
/// then gone, so a code is good once); anything else is refused and the wait goes on until the timeout.
/// The password and passphrase are never involved. Thread-safe (one use per call).
/// </summary>
public static class LoopbackSignIn
{
    private const int MaxBodyBytes = 64 * 1024;

    /// <exception cref="SyncException">No valid hand-off arrived before <paramref name="timeout"/>.</exception>
    public static async Task<string> ReceiveTokenAsync(Uri server, Func<Uri, Task> openBrowser, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var state = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        using var listener = new LoopbackListener();
        var baseUrl = server.AbsoluteUri.EndsWith('/') ? server : new Uri(server.AbsoluteUri + "/");
        using var key = new SignInKey();
        var page = new Uri(baseUrl, $"v2/signin?redirect_uri={Uri.EscapeDataString(listener.RedirectUri)}&state={state}&app_key={key.PublicKey}");
        try
        {
            return await listener.WaitAsync(() => openBrowser(page), timeout, async request => await TryReadHandOffAsync(request, state, key) is { } token
                ? new LoopbackAnswer<string>(token, HttpStatusCode.OK, "Signed in. You can close this tab and go back to Dataans.")
                : new LoopbackAnswer<string>(null, HttpStatusCode.BadRequest, "This sign-in link is not for this app. Start the sign-in from Dataans again."),
                cancellationToken);
        }
        catch (TimeoutException timedOut)
        {
            throw new SyncException(SyncFailure.Unauthorized, "The browser sign-in did not finish in time: try again.", timedOut.InnerException);
        }
    }

    private static async Task<string?> TryReadHandOffAsync(HttpListenerRequest request, string state, SignInKey key)
    {
        if (request.HttpMethod != "POST" || request.Url?.AbsolutePath != "/callback" || request.ContentLength64 > MaxBodyBytes)
        {
            return null;
        }

        using var reader = new StreamReader(request.InputStream);
        var buffer = new char[MaxBodyBytes];
        var read = await reader.ReadBlockAsync(buffer);
        var fields = ParseForm(new string(buffer, 0, read));
        return fields.TryGetValue("state", out var received) && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(received), System.Text.Encoding.ASCII.GetBytes(state))
            && fields.TryGetValue(SignInHandOff.CodeField, out var code)
            ? key.TryOpen(code, state, DateTimeOffset.UtcNow)
            : null;
    }

    private static Dictionary<string, string> ParseForm(string body)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                fields[Uri.UnescapeDataString(pair[..equals].Replace('+', ' '))] = Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            }
        }

        return fields;
    }
}
