using Dataans.Contracts.Sync;
using Dataans.Server.Auth;
using Dataans.Server.Configuration;
using Dataans.Server.Events;
using Dataans.Server.Storage;
using Dataans.Server.Storage.Inbox;
using Microsoft.Extensions.Options;

namespace Dataans.Server.Endpoints;

/// <summary>v2 operations: cursor pull by seq, idempotent batched push, ordered pages and block hashes.</summary>
internal static class V2OperationEndpoints
{
    public static void MapV2Operations(this RouteGroupBuilder v2)
    {
        v2.MapGet("/ops", PullAsync).Produces<PullResponse>();
        v2.MapPost("/ops", PostAsync).Accepts<PushRequest>("application/json").Produces<PushResponse>();
        v2.MapGet("/ops/ordered", PullOrderedAsync).Produces<PullResponse>();
        v2.MapGet("/blocks", BlocksAsync).Produces<BlocksResponse>();
    }

    private static async Task<IResult> PullAsync(HttpContext context, IOperationStore store, IInboxStore inbox, IOptions<LimitsOptions> options, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        if (!RequestParsing.TryQueryLong(context.Request, "after", 0, long.MaxValue, 0, out var after, out var error)
            || !RequestParsing.TryQueryLong(context.Request, "limit", 1, limits.MaxPullLimit, limits.DefaultPullLimit, out var limit, out error))
        {
            return error;
        }

        var user = SyncUser.Get(context);
        var page = await store.ReadAfterAsync(user, after, (int)limit, limits.MaxPullBytes, cancellationToken);
        var response = ToResponse(page) with { InboxMark = await inbox.WaitingMarkAsync(user, cancellationToken) };
        return Results.Json(response, V2JsonContext.Default.PullResponse);
    }

    private static async Task<IResult> PullOrderedAsync(HttpContext context, IOperationStore store, IOptions<LimitsOptions> options, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        if (!RequestParsing.TryQueryLong(context.Request, "skip", 0, long.MaxValue, 0, out var skip, out var error)
            || !RequestParsing.TryQueryLong(context.Request, "limit", 1, limits.MaxPullLimit, limits.DefaultPullLimit, out var limit, out error))
        {
            return error;
        }

        var page = await store.ReadOrderedAsync(SyncUser.Get(context), skip, (int)limit, limits.MaxPullBytes, cancellationToken);
        return Results.Json(ToResponse(page), V2JsonContext.Default.PullResponse);
    }

    private static async Task<IResult> BlocksAsync(HttpContext context, IOperationStore store, IOptions<LimitsOptions> options, CancellationToken cancellationToken)
    {
        if (!RequestParsing.TryQueryLong(context.Request, "itemsPerBlock", 1, options.Value.MaxItemsPerBlock, null, out var items, out var error))
        {
            return error;
        }

        var blocks = await store.ComputeBlocksAsync(SyncUser.Get(context), (int)items, cancellationToken);
        return Results.Json(new BlocksResponse
        {
            Epoch = blocks.Epoch,
            Head = blocks.Head,
            ItemsPerBlock = (int)items,
            OperationCount = blocks.OperationCount,
            Blocks = blocks.Blocks,
        }, V2JsonContext.Default.BlocksResponse);
    }

    private static async Task<IResult> PostAsync(HttpContext context, IOperationStore store, SyncEventHub hub,
        IOptions<LimitsOptions> options, ILogger<IOperationStore> logger)
    {
        var (body, error) = await RequestParsing.ReadJsonAsync(context, V2JsonContext.Default.PushRequest, options.Value);
        if (body is null)
        {
            return error!;
        }

        // "required" only demands that the property is present; JSON null still deserializes into it.
        if (body.Ops is null)
        {
            return Problems.BadRequest("ops must be an array of operations, not null.");
        }

        if (body.Ops.Count > options.Value.MaxOpsPerPush)
        {
            return Problems.TooLarge($"A push is limited to {options.Value.MaxOpsPerPush} operations.");
        }

        return await PushAsync(context, body.Ops, store, hub, options.Value, logger, v1: false);
    }

    /// <summary>The push shared by v1 and v2: validate, store, notify the user's event streams.</summary>
    internal static async Task<IResult> PushAsync(HttpContext context, IReadOnlyList<PushOperation> operations, IOperationStore store,
        SyncEventHub hub, LimitsOptions limits, ILogger logger, bool v1)
    {
        if (RequestParsing.ValidateOperations(operations, limits) is { } invalid)
        {
            return invalid;
        }

        var user = SyncUser.Get(context);
        PushOutcome outcome;
        try
        {
            outcome = await store.PushAsync(user, operations, context.RequestAborted);
        }
        catch (OperationConflictException e)
        {
            Log.PushConflict(logger, e.OperationId);
            return Problems.Conflict(ProblemCodes.OperationConflict,
                $"Operation {e.OperationId} is already stored with a different checksum; nothing from this push was stored.",
                new() { ["operationId"] = e.OperationId });
        }

        Log.Pushed(logger, outcome.Accepted, outcome.Duplicates, outcome.Head);
        if (outcome.Accepted > 0)
        {
            hub.Publish(user, outcome.Epoch, outcome.Head);
        }

        return v1
            ? Results.Ok()
            : Results.Json(new PushResponse
            {
                Epoch = outcome.Epoch,
                Head = outcome.Head,
                Accepted = outcome.Accepted,
                Duplicates = outcome.Duplicates,
            }, V2JsonContext.Default.PushResponse);
    }

    private static PullResponse ToResponse(OperationPage page) => new()
    {
        Epoch = page.Epoch,
        Head = page.Head,
        HasMore = page.HasMore,
        Ops = [.. page.Operations.Select(o => new SyncOperation
        {
            Seq = o.Seq,
            Id = o.Id,
            CreatedAt = o.CreatedAt,
            Data = o.Data,
            Checksum = o.Checksum,
        })],
    };
}
