using System.Net.Http.Json;
using Dataans.Contracts.Sync;

namespace Dataans.Reliability.Tests.Access;

/// <summary>
/// The classification of every route: either anonymous, with the reason it may be, or a request that
/// succeeds for its owner (built against the owner's <see cref="UserData"/>). A route in neither list
/// fails <see cref="CredentialMatrixTests"/>.
/// </summary>
internal static class RouteRequests
{
    public const string SignInState = "abcdefghijklmnop1234";

    /// <summary>The one-time key an app would put in its sign-in link; it opens the codes the sign-in pages seal.</summary>
    public static readonly Core.Sync.SignInKey SignInKey = new();

    public static readonly string SignInQuery = $"?redirect_uri=http%3A%2F%2F127.0.0.1%3A53123%2Fcallback&state={SignInState}&app_key={SignInKey.PublicKey}";

    /// <summary>Routes anyone may call, and why they reveal nothing of any user.</summary>
    public static readonly IReadOnlyDictionary<string, string> Anonymous = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["GET /health"] = "liveness probe for load balancers; the constant text \"ok\"",
        ["GET /health/ready"] = "readiness probe; says only whether the database and file store answer",
        ["GET /v2/info"] = "read before sign-in: version, auth mode, sign-in path and limits; the same for everyone",
        ["GET /openapi/{documentName}.json"] = "the API description; the same for everyone, no user data",
        ["GET /capture/{file?}"] = "the static capture page; the capture token stays in the link's fragment, the page holds no user data",
    };

    /// <summary>Routes that take only a capture token (<c>dci_…</c>), each with a request its link may make.</summary>
    public static readonly IReadOnlyDictionary<string, Func<UserData, HttpRequestMessage>> Capture =
        new Dictionary<string, Func<UserData, HttpRequestMessage>>(StringComparer.Ordinal)
        {
            ["GET /v2/capture/key"] = _ => Get("v2/capture/key"),
            ["POST /v2/capture/items"] = _ => new(HttpMethod.Post, "v2/capture/items")
            {
                Content = new ByteArrayContent(InboxData.SealedLooking(Guid.NewGuid(), UserData.Secret("matrix-capture"))),
            },
        };

    /// <summary>Routes that need a signed-in user, each with a request that its owner may make.</summary>
    public static readonly IReadOnlyDictionary<string, Func<UserData, HttpRequestMessage>> Authenticated =
        new Dictionary<string, Func<UserData, HttpRequestMessage>>(StringComparer.Ordinal)
        {
            // v1 (the original protocol)
            ["GET /health/auth"] = _ => Get("health/auth"),
            ["GET /data/block"] = _ => Get("data/block?items_per_block=16"),
            ["GET /data/operation"] = _ => Get("data/operation?operations_to_skip=0"),
            ["POST /data/operation"] = _ => new(HttpMethod.Post, "data/operation") { Content = UserData.V1Body(UserData.NewOp("matrix-v1")) },
            ["POST /file/{id}"] = _ => new(HttpMethod.Post, $"file/{Guid.NewGuid()}") { Content = new ByteArrayContent([1, 2, 3]) },
            ["GET /file/{id}"] = d => Get($"file/{d.V1File}"),
            ["GET /file/{id}/exists"] = d => Get($"file/{d.V1File}/exists"),
            ["GET /user"] = _ => Get("user"),
            ["POST /user"] = d => new(HttpMethod.Post, "user")
            {
                Content = JsonContent.Create(new V1User { Id = Guid.NewGuid(), SecretKeyHash = d.Verifier }, V1JsonContext.Default.V1User),
            },

            // v2
            ["GET /v2/ops"] = _ => Get("v2/ops?after=0"),
            ["POST /v2/ops"] = _ => new(HttpMethod.Post, "v2/ops") { Content = TestOps.Body(UserData.NewOp("matrix-v2")) },
            ["GET /v2/ops/ordered"] = _ => Get("v2/ops/ordered?skip=0"),
            ["GET /v2/blocks"] = _ => Get("v2/blocks?itemsPerBlock=16"),
            ["GET /v2/verifier"] = _ => Get("v2/verifier"),
            ["PUT /v2/verifier"] = d => new(HttpMethod.Put, "v2/verifier")
            {
                Content = JsonContent.Create(new KeyVerifier { Verifier = d.Verifier }, V2JsonContext.Default.KeyVerifier),
            },
            ["HEAD /v2/files/{id}"] = d => new(HttpMethod.Head, $"v2/files/{d.File}"),
            ["GET /v2/files/{id}"] = d => Get($"v2/files/{d.File}"),
            ["PUT /v2/files/{id}"] = _ => new(HttpMethod.Put, $"v2/files/{Guid.NewGuid()}?offset=0") { Content = new ByteArrayContent([4, 5]) },
            ["POST /v2/files/{id}/complete"] = d => new(HttpMethod.Post, $"v2/files/{d.File}/complete?length={d.FileBytes.Length}"),
            ["GET /v2/events"] = _ => Get("v2/events"),
            ["GET /v2/inbox/key"] = _ => Get("v2/inbox/key"),
            ["PUT /v2/inbox/key"] = d => new(HttpMethod.Put, "v2/inbox/key")
            {
                Content = JsonContent.Create(new InboxKey { PublicKey = d.Inbox.PublicKey, SealedPrivateKey = [1, 2, 3] }, InboxJsonContext.Default.InboxKey),
            },
            ["PUT /v2/inbox/settings"] = _ => new(HttpMethod.Put, "v2/inbox/settings")
            {
                Content = JsonContent.Create(new InboxSettingsBody { SealedSettings = [1, 2, 3] }, InboxJsonContext.Default.InboxSettingsBody),
            },
            ["POST /v2/inbox/links"] = _ => new(HttpMethod.Post, "v2/inbox/links")
            {
                Content = JsonContent.Create(new CaptureLinkRequest { Label = "matrix" }, InboxJsonContext.Default.CaptureLinkRequest),
            },
            ["GET /v2/inbox/links"] = _ => Get("v2/inbox/links"),
            ["DELETE /v2/inbox/links/{id}"] = d => new(HttpMethod.Delete, $"v2/inbox/links/{d.Inbox.Link}"),
            ["GET /v2/inbox/items"] = _ => Get("v2/inbox/items"),
            ["GET /v2/inbox/items/{id}"] = d => Get($"v2/inbox/items/{d.Inbox.Item}"),
            ["DELETE /v2/inbox/items/{id}"] = d => new(HttpMethod.Delete, $"v2/inbox/items/{d.Inbox.Item}"),

            // The device's own token, revoked (sign-out); 404 in the JWT modes, which have none. Its owner's
            // request revokes the owner's token, so the matrix sends it last.
            ["DELETE /v2/token"] = _ => new(HttpMethod.Delete, "v2/token"),

            // The Cloudflare sign-in hand-off (404 in the other modes, but only after authentication).
            ["GET /v2/signin"] = _ => Get("v2/signin" + SignInQuery),
            ["GET /health/authorize.html"] = _ => Get("health/authorize.html" + SignInQuery),
        };

    /// <summary>Requests for the anonymous routes.</summary>
    public static HttpRequestMessage AnonymousRequest(string key) => key switch
    {
        "GET /openapi/{documentName}.json" => Get("openapi/v1.json"),
        "GET /capture/{file?}" => Get("capture/"),
        _ => Get(key["GET /".Length..]),
    };

    /// <summary>Whether the owner's answer is the expected success (sign-in pages exist in cloudflare mode only).</summary>
    public static bool IsOwnersSuccess(string key, AccessMode mode, int status) => key switch
    {
        "GET /v2/signin" or "GET /health/authorize.html" when mode != AccessMode.Cloudflare => status == 404,
        "DELETE /v2/token" => status == (mode == AccessMode.Token ? 204 : 404),
        _ => status is >= 200 and < 300,
    };

    /// <summary>The routes in the order the matrix sends them: revoking the owner's own token comes last.</summary>
    public static IEnumerable<KeyValuePair<string, Func<UserData, HttpRequestMessage>>> InSendingOrder =>
        Authenticated.OrderBy(route => route.Key == "DELETE /v2/token");

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);
}
