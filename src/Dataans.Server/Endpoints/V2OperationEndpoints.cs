using Dataans.Contracts.Sync;
using Dataans.Server.Auth;
using Dataans.Server.Configuration;
using Dataans.Server.Events;
using Dataans.Server.RateLimiting;
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
        v2.MapPost("/ops", PostAsync).Accepts<PushRequest>("application/json").Produces<PushResponse>().WithBodyLimit(RequestBodyLimit.Operations);
        v2.MapGet("/ops/ordered", PullOrderedAsync).Produces<PullResponse>();
        v2.MapGet("/blocks", BlocksAsync).Produces<BlocksResponse>();
    }

    private static async Task<IResult> PullAsync(HttpContext context, IOperationStore store, IInboxStore inbox, SyncEventHub hub,
        IOptions<LimitsOptions> options, ILogger<IOperationStore> logger, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        if (!RequestParsing.TryQueryLong(context.Request, "after", 0, long.MaxValue, 0, out var after, out var error)
            || !RequestParsing.TryQueryLong(context.Request, "limit", 1, limits.MaxPullLimit, limits.DefaultPullLimit, out var limit, out error)
            || !RequestParsing.TryQueryEpoch(context.Request, out var seenEpoch, out error)
            || !RequestParsing.TryQueryId(context.Request, "afterId", out var afterId, out error))
        {
            return error;
        }

        var user = SyncUser.Get(context);
        var page = await store.ReadAfterAsync(user, after, (int)limit, limits.MaxPullBytes, cancellationToken);
        if (page.Epoch == seenEpoch && await UnknownCursorAsync(store, user, after, afterId, page.Head, cancellationToken) is { } reason)
        {
            // A position of this epoch the store does not hold: it was put back to an older state without its epoch
            // rotated (protocol.md §2). Rotate it now, so that every device notices.
            if (await store.RotateEpochIfStillAsync(user, page.Epoch, cancellationToken) is { } rotated)
            {
                Log.EpochRotatedForUnknownCursor(logger, user, after, page.Head, reason);
                hub.Publish(user, rotated, page.Head, ChangeOrigin.ThisInstance);
            }

            page = await store.ReadAfterAsync(user, after, (int)limit, limits.MaxPullBytes, cancellationToken);
        }

        var response = ToResponse(page) with { InboxMark = await inbox.WaitingMarkAsync(user, cancellationToken) };
        return Results.Json(response, V2JsonContext.Default.PullResponse);
    }

    /// <summary>Why a cursor of the current epoch is not one this store handed out, or null when it is (or cannot be told).</summary>
    private static async Task<string?> UnknownCursorAsync(IOperationStore store, string user, long after, Guid? afterId, long head, CancellationToken cancellationToken)
    {
        if (after > head)
        {
            return "the cursor is past the head";
        }

        if (afterId is { } expected && after > 0 && await store.FindOperationIdAsync(user, after, cancellationToken) != expected)
        {
            return "another operation at the cursor";
        }

        return null;
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

    /// <summary>
    /// The push shared by v1 and v2: validate, store, notify the user's event streams. A push is stored in
    /// transactions of at most <see cref="LimitsOptions.MaxOpsPerPush"/> operations, each taking its turn at
    /// the write lock, so a large v1 push never holds the lock for long; only v1 pushes can be larger.
    /// </summary>
    internal static async Task<IResult> PushAsync(HttpContext context, IReadOnlyList<PushOperation> operations, IOperationStore store,
        SyncEventHub hub, LimitsOptions limits, ILogger logger, bool v1)
    {
        if (RequestParsing.ValidateOperations(operations, limits) is { } invalid)
        {
            return invalid;
        }

        var user = SyncUser.Get(context);
        var gate = context.RequestServices.GetRequiredService<StoreWriteGate>();
        var cancellationToken = context.RequestAborted;
        IReadOnlyList<PushOperation>[] batches = operations.Count <= limits.MaxOpsPerPush ? [operations] : [.. operations.Chunk(limits.MaxOpsPerPush)];
        PushOutcome? last = null;
        int accepted = 0, duplicates = 0, stored = 0;
        foreach (var batch in batches)
        {
            PushOutcome outcome;
            try
            {
                outcome = await gate.RunAsync(() => store.PushAsync(user, batch, cancellationToken), cancellationToken);
            }
            catch (OperationConflictException e)
            {
                Log.PushConflict(logger, e.OperationId);
                var kept = stored == 0 ? "nothing from this push was stored" : $"the first {stored} operations of this push were stored, the rest were not";
                return Problems.Conflict(ProblemCodes.OperationConflict,
                    $"Operation {e.OperationId} is already stored with a different checksum; {kept}.",
                    new() { ["operationId"] = e.OperationId });
            }

            Log.Pushed(logger, outcome.Accepted, outcome.Duplicates, outcome.Head);
            if (outcome.Accepted > 0)
            {
                hub.Publish(user, outcome.Epoch, outcome.Head, ChangeOrigin.ThisInstance);
            }

            accepted += outcome.Accepted;
            duplicates += outcome.Duplicates;
            stored += batch.Count;
            last = outcome;
        }

        return v1
            ? Results.Ok()
            : Results.Json(new PushResponse
            {
                Epoch = last!.Epoch,
                Head = last.Head,
                Accepted = accepted,
                Duplicates = duplicates,
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
