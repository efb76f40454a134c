using System.Text.Json;
using Dataans.Contracts.Sync;
using Dataans.Server.Auth;
using Dataans.Server.Configuration;
using Dataans.Server.Events;
using Dataans.Server.RateLimiting;
using Dataans.Server.Storage;
using Microsoft.Extensions.Options;

namespace Dataans.Server.Endpoints;

/// <summary>
/// The seed's protocol, wire-compatible (byte fields as number arrays, camelCase, paths as in the
/// original), minus its faults: validated parameters, 409 for a checksum conflict, 404 for a missing
/// file, streamed responses and configurable limits.
/// </summary>
internal static class V1Endpoints
{
    public static void MapV1(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("").RequireAuthorization().WithTags("v1");
        v1.MapGet("/health/auth", () => Results.Text("auth_ok"));
        v1.MapGet("/data/block", GetBlocksAsync);
        v1.MapGet("/data/operation", GetOperationsAsync);
        v1.MapPost("/data/operation", PostOperationsAsync).WithBodyLimit(RequestBodyLimit.Operations);
        v1.MapPost("/file/{id}", PostFileAsync).WithBodyLimit(RequestBodyLimit.File);
        v1.MapGet("/file/{id}", (HttpContext context, string id, IFileStore files, ILoggerFactory loggers, CancellationToken cancellationToken) =>
            FileTransfer.DownloadAsync(context, id, files, loggers.CreateLogger(typeof(FileTransfer)), cancellationToken));
        v1.MapGet("/file/{id}/exists", FileExistsAsync);
        v1.MapGet("/user", GetUserAsync);
        v1.MapPost("/user", PostUserAsync);
    }

    private static async Task<IResult> GetBlocksAsync(HttpContext context, IOperationStore store, IOptions<LimitsOptions> limits, CancellationToken cancellationToken)
    {
        if (!RequestParsing.TryQueryLong(context.Request, "items_per_block", 1, limits.Value.MaxItemsPerBlock, null, out var items, out var error))
        {
            return error;
        }

        var blocks = await store.ComputeBlocksAsync(SyncUser.Get(context), (int)items, cancellationToken);
        return Results.Json(blocks.Blocks as List<byte[]> ?? [.. blocks.Blocks], V1JsonContext.Default.ListByteArray);
    }

    private static async Task<IResult> GetOperationsAsync(HttpContext context, IOperationStore store, CancellationToken cancellationToken)
    {
        if (!RequestParsing.TryQueryLong(context.Request, "operations_to_skip", 0, long.MaxValue, 0, out var skip, out var error))
        {
            return error;
        }

        // Streamed: rows are serialized into the response pipe and flushed every 32 KiB, never holding every operation.
        context.Response.ContentType = "application/json";
        var pipe = context.Response.BodyWriter;
        await using var writer = new Utf8JsonWriter(pipe);
        writer.WriteStartArray();
        await foreach (var operation in store.StreamOrderedAsync(SyncUser.Get(context), skip, cancellationToken))
        {
            JsonSerializer.Serialize(writer, new V1Operation
            {
                Id = operation.Id,
                CreatedAt = operation.CreatedAt,
                Data = operation.Data,
                Checksum = operation.Checksum,
            }, V1JsonContext.Default.V1Operation);
            if (pipe.UnflushedBytes > 32 * 1024)
            {
                await pipe.FlushAsync(cancellationToken);
            }
        }

        writer.WriteEndArray();
        writer.Flush();
        await pipe.FlushAsync(cancellationToken);
        return Results.Empty;
    }

    private static async Task<IResult> PostOperationsAsync(HttpContext context, IOperationStore store, SyncEventHub hub,
        IOptions<LimitsOptions> limits, ILogger<IOperationStore> logger)
    {
        var (body, error) = await RequestParsing.ReadJsonAsync(context, V1JsonContext.Default.ListV1Operation, limits.Value);
        if (body is null)
        {
            return error!;
        }

        if (body.Count > limits.Value.MaxOpsPerV1Push)
        {
            return Problems.TooLarge($"A v1 push is limited to {limits.Value.MaxOpsPerV1Push} operations.");
        }

        var operations = body.Select(o => o is null ? null! : new PushOperation
        {
            Id = o.Id,
            CreatedAt = o.CreatedAt,
            Data = o.Data,
            Checksum = o.Checksum,
        }).ToList();
        return await V2OperationEndpoints.PushAsync(context, operations, store, hub, limits.Value, logger, v1: true);
    }

    private static async Task<IResult> PostFileAsync(HttpContext context, string id, IFileStore files, IOptions<LimitsOptions> limits)
    {
        if (!RequestParsing.TryParseId(id, out var fileId, out var error))
        {
            return error;
        }

        var max = limits.Value.MaxFileBytes;
        if (!FileTransfer.AllowBody(context, max, out error))
        {
            return error;
        }

        await files.PutAsync(SyncUser.Get(context), fileId, context.Request.Body, max, context.RequestAborted);
        return Results.Ok();
    }

    private static async Task<IResult> FileExistsAsync(HttpContext context, string id, IFileStore files, CancellationToken cancellationToken)
    {
        if (!RequestParsing.TryParseId(id, out var fileId, out var error))
        {
            return error;
        }

        var state = await files.GetStateAsync(SyncUser.Get(context), fileId, cancellationToken);
        return Results.Json(state is { Complete: true }, V1JsonContext.Default.Boolean);
    }

    private static async Task<IResult> GetUserAsync(HttpContext context, IOperationStore store, CancellationToken cancellationToken)
    {
        var verifier = await store.GetVerifierAsync(SyncUser.Get(context), cancellationToken);
        return verifier is null
            ? Problems.NotFound("No key verifier is stored for this user yet.")
            : Results.Json(new V1User { Id = verifier.V1Id, SecretKeyHash = verifier.Verifier }, V1JsonContext.Default.V1User);
    }

    private static async Task<IResult> PostUserAsync(HttpContext context, IOperationStore store, IOptions<LimitsOptions> limits)
    {
        var (body, error) = await RequestParsing.ReadJsonAsync(context, V1JsonContext.Default.V1User, limits.Value);
        if (body is null)
        {
            return error!;
        }

        if (string.IsNullOrEmpty(body.SecretKeyHash) || body.SecretKeyHash.Length > limits.Value.MaxVerifierLength)
        {
            return Problems.BadRequest($"secretKeyHash must have 1 to {limits.Value.MaxVerifierLength} characters.");
        }

        var outcome = await store.SetVerifierAsync(SyncUser.Get(context), body.SecretKeyHash, body.Id, replace: false, context.RequestAborted);
        return outcome is VerifierWrite.Conflict
            ? Problems.Conflict(ProblemCodes.VerifierExists, "A different key verifier is already stored for this user.")
            : Results.Ok();
    }
}
