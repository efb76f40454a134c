using System.Globalization;
using Dataans.Contracts.Sync;
using Dataans.Server.Auth;
using Dataans.Server.Configuration;
using Dataans.Server.RateLimiting;
using Dataans.Server.Storage;
using Microsoft.Extensions.Options;

namespace Dataans.Server.Endpoints;

/// <summary>
/// v2 files: resumable upload by offset (<c>PUT ?offset=N</c> appends raw bytes at the current end),
/// <c>POST …/complete?length=L</c>, <c>HEAD</c> for the upload state and <c>GET</c> with <c>Range</c>.
/// </summary>
internal static class V2FileEndpoints
{
    public const string OffsetHeader = "Upload-Offset";
    public const string CompleteHeader = "Upload-Complete";

    public static void MapV2Files(this RouteGroupBuilder v2)
    {
        v2.MapMethods("/files/{id}", ["HEAD"], HeadAsync);
        v2.MapGet("/files/{id}", (HttpContext context, string id, IFileStore files, ILoggerFactory loggers, CancellationToken cancellationToken) =>
            FileTransfer.DownloadAsync(context, id, files, loggers.CreateLogger(typeof(FileTransfer)), cancellationToken));
        v2.MapPut("/files/{id}", PutAsync).Produces<FileStatus>().WithBodyLimit(RequestBodyLimit.File);
        v2.MapPost("/files/{id}/complete", CompleteAsync).Produces<FileStatus>();
    }

    private static async Task<IResult> HeadAsync(HttpContext context, string id, IFileStore files, CancellationToken cancellationToken)
    {
        if (!RequestParsing.TryParseId(id, out var fileId, out var error))
        {
            return error;
        }

        var state = await files.GetStateAsync(SyncUser.Get(context), fileId, cancellationToken);
        if (state is null)
        {
            return Results.NotFound();
        }

        SetStateHeaders(context.Response, state);
        if (state.Complete)
        {
            context.Response.Headers.AcceptRanges = "bytes";
            context.Response.ContentLength = state.Length;
        }

        return Results.Empty;
    }

    private static async Task<IResult> PutAsync(HttpContext context, string id, IFileStore files, IOptions<LimitsOptions> limits)
    {
        var max = limits.Value.MaxFileBytes;
        if (!RequestParsing.TryParseId(id, out var fileId, out var error)
            || !RequestParsing.TryQueryLong(context.Request, "offset", 0, max, null, out var offset, out error)
            || !FileTransfer.AllowBody(context, max - offset, out error))
        {
            return error;
        }

        try
        {
            var state = await files.AppendAsync(SyncUser.Get(context), fileId, offset, context.Request.Body, max, context.RequestAborted);
            SetStateHeaders(context.Response, state);
            return Results.Json(ToStatus(fileId, state), V2JsonContext.Default.FileStatus);
        }
        catch (FileOffsetException e)
        {
            return OffsetConflict(context, fileId, e.Current);
        }
    }

    private static async Task<IResult> CompleteAsync(HttpContext context, string id, IFileStore files, IOptions<LimitsOptions> limits,
        ILogger<IFileStore> logger)
    {
        if (!RequestParsing.TryParseId(id, out var fileId, out var error)
            || !RequestParsing.TryQueryLong(context.Request, "length", 0, limits.Value.MaxFileBytes, null, out var length, out error))
        {
            return error;
        }

        try
        {
            var state = await files.CompleteAsync(SyncUser.Get(context), fileId, length, context.RequestAborted);
            if (state is null)
            {
                return Problems.NotFound($"No upload of file {fileId} exists; PUT its bytes first.");
            }

            Log.FileCompleted(logger, fileId, state.Length);
            SetStateHeaders(context.Response, state);
            return Results.Json(ToStatus(fileId, state), V2JsonContext.Default.FileStatus);
        }
        catch (FileOffsetException e)
        {
            SetStateHeaders(context.Response, e.Current);
            return Problems.Conflict(ProblemCodes.LengthMismatch,
                $"The upload has {e.Current.Length} bytes, not {length}.",
                new() { ["length"] = e.Current.Length, ["complete"] = e.Current.Complete });
        }
    }

    private static IResult OffsetConflict(HttpContext context, Guid fileId, FileState current)
    {
        SetStateHeaders(context.Response, current);
        return current.Complete
            ? Problems.Conflict(ProblemCodes.FileComplete, $"File {fileId} is already complete.",
                new() { ["length"] = current.Length, ["complete"] = true })
            : Problems.Conflict(ProblemCodes.OffsetMismatch, $"The upload is at offset {current.Length}; resume from there.",
                new() { ["length"] = current.Length, ["complete"] = false });
    }

    private static void SetStateHeaders(HttpResponse response, FileState state)
    {
        response.Headers[OffsetHeader] = state.Length.ToString(CultureInfo.InvariantCulture);
        response.Headers[CompleteHeader] = state.Complete ? "?1" : "?0";
    }

    private static FileStatus ToStatus(Guid id, FileState state) => new() { Id = id, Length = state.Length, Complete = state.Complete };
}
