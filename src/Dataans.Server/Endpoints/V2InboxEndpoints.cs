using System.Security.Cryptography;
using Dataans.Contracts.Sync;
using Dataans.Server.Auth;
using Dataans.Server.Configuration;
using Dataans.Server.Storage.Inbox;
using Microsoft.Extensions.Options;

namespace Dataans.Server.Endpoints;

/// <summary>
/// The account owner's inbox routes (under the authenticated <c>/v2</c> group): the inbox key beside
/// the key verifier, capture links, and the sealed items waiting for a device.
/// </summary>
internal static class V2InboxEndpoints
{
    public const int MaxLabelLength = 100;
    public const int MaxSealedPrivateKeyBytes = 4096;
    public const int MaxSealedSettingsBytes = 4096;

    public static void MapV2Inbox(this RouteGroupBuilder v2)
    {
        v2.MapGet("/inbox/key", GetKeyAsync).Produces<InboxKey>();
        v2.MapPut("/inbox/key", PutKeyAsync).Accepts<InboxKey>("application/json").Produces<InboxKey>();
        v2.MapPut("/inbox/settings", PutSettingsAsync).Accepts<InboxSettingsBody>("application/json");
        v2.MapPost("/inbox/links", CreateLinkAsync).Accepts<CaptureLinkRequest>("application/json").Produces<CaptureLinkInfo>(StatusCodes.Status201Created);
        v2.MapGet("/inbox/links", ListLinksAsync).Produces<CaptureLinkList>();
        v2.MapDelete("/inbox/links/{id}", RevokeLinkAsync);
        v2.MapGet("/inbox/items", ListItemsAsync).Produces<InboxItemList>();
        v2.MapGet("/inbox/items/{id}", GetItemAsync);
        v2.MapDelete("/inbox/items/{id}", DeleteItemAsync);
    }

    internal static InboxKey ToWire(StoredInboxKey key) => new()
    {
        PublicKey = key.PublicKey,
        SealedPrivateKey = key.SealedPrivateKey,
        CreatedAt = DateTimeOffset.FromUnixTimeSeconds(key.CreatedAtUnixSeconds),
        SealedSettings = key.SealedSettings,
    };

    private static async Task<IResult> GetKeyAsync(HttpContext context, IInboxStore inbox, CancellationToken cancellationToken)
    {
        var key = await inbox.GetKeyAsync(SyncUser.Get(context), cancellationToken);
        return key is null
            ? Problems.NotFound("No inbox key is stored for this user yet.")
            : Results.Json(ToWire(key), InboxJsonContext.Default.InboxKey);
    }

    /// <summary>Creates the key once; a later PUT gets the stored key back (200), so the device that lost a race adopts the winner's.</summary>
    private static async Task<IResult> PutKeyAsync(HttpContext context, IInboxStore inbox, IOptions<LimitsOptions> limits, TimeProvider time)
    {
        var (body, error) = await RequestParsing.ReadJsonAsync(context, InboxJsonContext.Default.InboxKey, limits.Value);
        if (body is null)
        {
            return error!;
        }

        if (!IsPublicKey(body.PublicKey))
        {
            return Problems.BadRequest("The public key must be a raw uncompressed P-256 point (65 bytes starting with 04).");
        }

        if (body.SealedPrivateKey is not { Length: > 0 and <= MaxSealedPrivateKeyBytes })
        {
            return Problems.BadRequest($"The sealed private key must have 1 to {MaxSealedPrivateKeyBytes} bytes.");
        }

        var (stored, created) = await inbox.CreateKeyAsync(SyncUser.Get(context), body.PublicKey, body.SealedPrivateKey,
            time.GetUtcNow().ToUnixTimeSeconds(), context.RequestAborted);
        return Results.Json(ToWire(stored), InboxJsonContext.Default.InboxKey, statusCode: created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    /// <summary>Replaces the account's sealed inbox settings (opaque to the server); 409 before an inbox key exists.</summary>
    private static async Task<IResult> PutSettingsAsync(HttpContext context, IInboxStore inbox, IOptions<LimitsOptions> limits)
    {
        var (body, error) = await RequestParsing.ReadJsonAsync(context, InboxJsonContext.Default.InboxSettingsBody, limits.Value);
        if (body is null)
        {
            return error!;
        }

        if (body.SealedSettings is not { Length: > 0 and <= MaxSealedSettingsBytes })
        {
            return Problems.BadRequest($"The sealed settings must have 1 to {MaxSealedSettingsBytes} bytes.");
        }

        return await inbox.SetSettingsAsync(SyncUser.Get(context), body.SealedSettings, context.RequestAborted)
            ? Results.NoContent()
            : Problems.Conflict(ProblemCodes.InvalidRequest, "This account has no inbox key yet: sync once from a device, then choose where captures go.");
    }

    private static async Task<IResult> CreateLinkAsync(HttpContext context, IInboxStore inbox, IOptions<LimitsOptions> limits, TimeProvider time)
    {
        var (body, error) = await RequestParsing.ReadJsonAsync(context, InboxJsonContext.Default.CaptureLinkRequest, limits.Value);
        if (body is null)
        {
            return error!;
        }

        var label = (body.Label ?? "Capture link").Trim();
        if (label.Length is 0 or > MaxLabelLength)
        {
            return Problems.BadRequest($"The label must have 1 to {MaxLabelLength} characters.");
        }

        var now = time.GetUtcNow();
        if (body.ExpiresAt is { } expires && expires <= now)
        {
            return Problems.BadRequest("The expiry time must be in the future.");
        }

        var user = SyncUser.Get(context);
        if (await inbox.GetKeyAsync(user, context.RequestAborted) is null)
        {
            return Problems.Conflict(ProblemCodes.InvalidRequest, "This account has no inbox key yet: sync once from a device, then create the link.");
        }

        var token = CaptureTokenHandler.NewToken();
        var link = new StoredCaptureLink(Guid.NewGuid(), user, label, now.ToUnixTimeSeconds(), body.ExpiresAt?.ToUnixTimeSeconds(), null, 0);
        await inbox.AddLinkAsync(link, TokenAuthenticationHandler.HashToken(token), context.RequestAborted);
        return Results.Json(ToWire(link) with { Token = token }, InboxJsonContext.Default.CaptureLinkInfo, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListLinksAsync(HttpContext context, IInboxStore inbox, CancellationToken cancellationToken)
    {
        var links = await inbox.ListLinksAsync(SyncUser.Get(context), cancellationToken);
        return Results.Json(new CaptureLinkList { Links = [.. links.Select(ToWire)] }, InboxJsonContext.Default.CaptureLinkList);
    }

    private static async Task<IResult> RevokeLinkAsync(string id, HttpContext context, IInboxStore inbox, CancellationToken cancellationToken)
    {
        if (!RequestParsing.TryParseId(id, out var linkId, out var error))
        {
            return error;
        }

        return await inbox.RevokeLinkAsync(SyncUser.Get(context), linkId, cancellationToken)
            ? Results.NoContent()
            : Problems.NotFound("There is no capture link with this id.");
    }

    private static async Task<IResult> ListItemsAsync(HttpContext context, IInboxStore inbox, IOptions<LimitsOptions> limits, CancellationToken cancellationToken)
    {
        var page = await inbox.ListItemsAsync(SyncUser.Get(context), cancellationToken);
        return Results.Json(new InboxItemList
        {
            Items = [.. page.Items.Select(item => new InboxItemInfo
            {
                Id = item.Id,
                Seq = item.Seq,
                Size = item.Size,
                ReceivedAt = DateTimeOffset.FromUnixTimeSeconds(item.ReceivedAtUnixSeconds),
                LinkId = item.LinkId,
            })],
            Mark = page.Mark,
            TotalBytes = page.TotalBytes,
            MaxItems = limits.Value.MaxInboxItems,
            MaxBytes = limits.Value.MaxInboxBytes,
        }, InboxJsonContext.Default.InboxItemList);
    }

    private static async Task<IResult> GetItemAsync(string id, HttpContext context, IInboxStore inbox, CancellationToken cancellationToken)
    {
        if (!RequestParsing.TryParseId(id, out var itemId, out var error))
        {
            return error;
        }

        var data = await inbox.GetItemAsync(SyncUser.Get(context), itemId, cancellationToken);
        return data is null ? Problems.NotFound("There is no inbox item with this id.") : Results.Bytes(data, "application/octet-stream");
    }

    private static async Task<IResult> DeleteItemAsync(string id, HttpContext context, IInboxStore inbox, CancellationToken cancellationToken)
    {
        if (!RequestParsing.TryParseId(id, out var itemId, out var error))
        {
            return error;
        }

        return await inbox.DeleteItemAsync(SyncUser.Get(context), itemId, cancellationToken)
            ? Results.NoContent()
            : Problems.NotFound("There is no inbox item with this id.");
    }

    private static CaptureLinkInfo ToWire(StoredCaptureLink link) => new()
    {
        Id = link.Id,
        Label = link.Label,
        CreatedAt = DateTimeOffset.FromUnixTimeSeconds(link.CreatedAtUnixSeconds),
        ExpiresAt = link.ExpiresAtUnixSeconds is { } expires ? DateTimeOffset.FromUnixTimeSeconds(expires) : null,
        LastUsedAt = link.LastUsedAtUnixSeconds is { } used ? DateTimeOffset.FromUnixTimeSeconds(used) : null,
        Items = link.Items,
    };

    private static bool IsPublicKey(byte[]? key)
    {
        if (key is not { Length: 65 } || key[0] != 0x04)
        {
            return false;
        }

        try
        {
            using var ecdh = ECDiffieHellman.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = key[1..33], Y = key[33..] },
            });
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
