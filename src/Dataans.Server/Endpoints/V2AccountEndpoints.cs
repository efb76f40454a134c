using System.Reflection;
using Dataans.Contracts.Sync;
using Dataans.Server.Auth;
using Dataans.Server.Configuration;
using Dataans.Server.Storage;
using Microsoft.Extensions.Options;

namespace Dataans.Server.Endpoints;

/// <summary><c>GET /v2/info</c> (anonymous), the key verifier, and a device revoking its own token.</summary>
internal static class V2AccountEndpoints
{
    public static readonly string Version =
        typeof(V2AccountEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    public static void MapV2Info(this IEndpointRouteBuilder app) =>
        app.MapGet("/v2/info", (IOptions<AuthOptions> auth, IOptions<LimitsOptions> options) =>
        {
            var limits = options.Value;
            var mode = auth.Value.ParsedMode;
            return Results.Json(new ServerInfo
            {
                Version = Version,
                Auth = auth.Value.Mode.ToLowerInvariant(),
                SignInUrl = mode == AuthMode.Cloudflare ? SignInEndpoint.Path : null,
                Limits = new ServerLimits
                {
                    MaxOpsPerPush = limits.MaxOpsPerPush,
                    MaxPullLimit = limits.MaxPullLimit,
                    MaxOperationBytes = limits.MaxOperationBytes,
                    MaxJsonBodyBytes = limits.MaxJsonBodyBytes,
                    MaxFileBytes = limits.MaxFileBytes,
                    MaxItemsPerBlock = limits.MaxItemsPerBlock,
                    MaxVerifierLength = limits.MaxVerifierLength,
                },
            }, V2JsonContext.Default.ServerInfo);
        }).AllowAnonymous().WithTags("v2").Produces<ServerInfo>();

    public static void MapV2Verifier(this RouteGroupBuilder v2)
    {
        v2.MapGet("/verifier", GetAsync).Produces<KeyVerifier>();
        v2.MapPut("/verifier", PutAsync).Accepts<KeyVerifier>("application/json").Produces<KeyVerifier>();
        v2.MapDelete("/token", RevokeOwnTokenAsync).Produces(StatusCodes.Status204NoContent);
    }

    /// <summary>A device signing out revokes the token it signed in with; the user's other devices keep theirs.</summary>
    private static async Task<IResult> RevokeOwnTokenAsync(HttpContext context, ITokenStore tokens, ILogger<ITokenStore> logger, CancellationToken cancellationToken)
    {
        if (SyncUser.TokenId(context) is not { } id)
        {
            return Problems.NotFound("This server signs devices in through Cloudflare Access or OIDC: there is no server token to revoke.");
        }

        await tokens.RevokeAsync(id, cancellationToken);
        Log.TokenRevokedByDevice(logger, id);
        return Results.NoContent();
    }

    private static async Task<IResult> GetAsync(HttpContext context, IOperationStore store, CancellationToken cancellationToken)
    {
        var verifier = await store.GetVerifierAsync(SyncUser.Get(context), cancellationToken);
        return verifier is null
            ? Problems.NotFound("No key verifier is stored for this user yet.")
            : Results.Json(new KeyVerifier { Verifier = verifier.Verifier }, V2JsonContext.Default.KeyVerifier);
    }

    private static async Task<IResult> PutAsync(HttpContext context, IOperationStore store, IOptions<LimitsOptions> limits)
    {
        var (body, error) = await RequestParsing.ReadJsonAsync(context, V2JsonContext.Default.KeyVerifier, limits.Value);
        if (body is null)
        {
            return error!;
        }

        if (string.IsNullOrEmpty(body.Verifier) || body.Verifier.Length > limits.Value.MaxVerifierLength)
        {
            return Problems.BadRequest($"The verifier must have 1 to {limits.Value.MaxVerifierLength} characters.");
        }

        var replace = RequestParsing.QueryFlag(context.Request, "replace");
        var outcome = await store.SetVerifierAsync(SyncUser.Get(context), body.Verifier, null, replace, context.RequestAborted);
        return outcome switch
        {
            VerifierWrite.Conflict => Problems.Conflict(ProblemCodes.VerifierExists,
                "A different key verifier is already stored; the password or passphrase differs from the other devices'."),
            VerifierWrite.Created => Results.Json(body, V2JsonContext.Default.KeyVerifier, statusCode: StatusCodes.Status201Created),
            _ => Results.Json(body, V2JsonContext.Default.KeyVerifier),
        };
    }
}
