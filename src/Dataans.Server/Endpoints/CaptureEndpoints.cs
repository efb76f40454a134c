using Dataans.Contracts.Sync;
using Dataans.Server.Auth;
using Dataans.Server.Configuration;
using Dataans.Server.Events;
using Dataans.Server.Storage;
using Dataans.Server.Storage.Inbox;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Dataans.Server.Endpoints;

/// <summary>
/// What a capture token may do (policy <see cref="CaptureTokenHandler.PolicyName"/>): read the inbox
/// public key and post one sealed item. The server checks only the item's shape and size; it never
/// sees what is inside.
/// </summary>
internal static class CaptureEndpoints
{
    private static readonly byte[] Magic = [0x44, 0x41, 0x49, 0x01];

    /// <summary>The item's header (magic, item id, key id, ephemeral key) and the GCM tag: the smallest possible item.</summary>
    public const int MinItemBytes = 93 + 16;

    public static void MapCapture(this IEndpointRouteBuilder app)
    {
        var capture = app.MapGroup("/v2/capture").RequireAuthorization(CaptureTokenHandler.PolicyName).WithTags("capture");
        capture.MapGet("/key", GetKeyAsync).Produces<CaptureKey>();
        capture.MapPost("/items", PostItemAsync).Accepts<byte[]>("application/octet-stream").Produces<CaptureReceipt>(StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetKeyAsync(HttpContext context, IInboxStore inbox, IOptions<LimitsOptions> limits, CancellationToken cancellationToken)
    {
        var (user, linkId) = CaptureTokenHandler.Get(context);
        var key = await inbox.GetKeyAsync(user, cancellationToken);
        var link = (await inbox.ListLinksAsync(user, cancellationToken)).FirstOrDefault(l => l.Id == linkId);
        return key is null || link is null
            ? Problems.NotFound("This inbox has no key.")
            : Results.Json(new CaptureKey { PublicKey = key.PublicKey, MaxItemBytes = limits.Value.MaxInboxItemBytes, Label = link.Label },
                InboxJsonContext.Default.CaptureKey);
    }

    private static async Task<IResult> PostItemAsync(
        HttpContext context, IInboxStore inbox, IOperationStore operations, SyncEventHub hub, IOptions<LimitsOptions> options, TimeProvider time)
    {
        var limits = options.Value;
        if (context.Request.ContentLength is { } declared && declared > limits.MaxInboxItemBytes)
        {
            return Problems.TooLarge($"A sealed item may have at most {limits.MaxInboxItemBytes} bytes.");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limits.MaxInboxItemBytes;
        }

        byte[] data;
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            data = buffer.ToArray();
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.TooLarge($"A sealed item may have at most {limits.MaxInboxItemBytes} bytes.");
        }

        if (data.Length < MinItemBytes || !data.AsSpan(0, 4).SequenceEqual(Magic))
        {
            return Problems.BadRequest("The body is not a sealed inbox item (see docs/formats.md, \"Sealed inbox item\").");
        }

        var itemId = new Guid(data.AsSpan(4, 16), bigEndian: true);
        var (user, linkId) = CaptureTokenHandler.Get(context);
        var (outcome, seq) = await inbox.AddItemAsync(user, linkId, itemId, data, time.GetUtcNow().ToUnixTimeSeconds(),
            new InboxLimits(limits.MaxInboxItems, limits.MaxInboxBytes), context.RequestAborted);
        if (outcome == ItemWrite.Created)
        {
            // Devices in automatic mode that follow /v2/events sync now (this process's streams only).
            var state = await operations.GetUserAsync(user, context.RequestAborted);
            hub.PublishInbox(user, state.Epoch, state.Head, seq);
        }

        return outcome switch
        {
            ItemWrite.Full => Problems.Create(StatusCodes.Status507InsufficientStorage, ProblemCodes.InboxFull, "The inbox is full.",
                $"The inbox is full ({limits.MaxInboxItems} items or {limits.MaxInboxBytes} bytes wait for a device); open the app on a device to empty it."),
            _ => Results.Json(new CaptureReceipt { Id = itemId, Size = data.Length, Duplicate = outcome == ItemWrite.Duplicate },
                InboxJsonContext.Default.CaptureReceipt,
                statusCode: outcome == ItemWrite.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK),
        };
    }
}
