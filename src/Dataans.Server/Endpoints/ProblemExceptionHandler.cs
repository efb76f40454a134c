using System.Net.Sockets;
using System.Text.Json;
using Dataans.Contracts.Sync;
using Dataans.Server.Observability;
using Dataans.Server.Storage;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Dataans.Server.Endpoints;

/// <summary>Turns exceptions into problem details: client mistakes are 4xx, only server faults are 500.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, StorageFull storageFull, SyncMetrics metrics,
    ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, code, title, detail) = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (413, ProblemCodes.TooLarge, "The request is too large.", "The body exceeds the configured limit."),
            BadHttpRequestException bad => (bad.StatusCode, ProblemCodes.InvalidRequest, "The request is invalid.", bad.Message),
            FileTooLargeException tooLarge => (413, ProblemCodes.TooLarge, "The file is too large.", tooLarge.Message),
            FileOffsetException offset => (409, ProblemCodes.OffsetMismatch, "The upload offset does not match.", offset.Message),
            // No space left for the data folder, SQLite or PostgreSQL: the client retries later; nothing stored is lost.
            _ when StorageFull.Is(exception) && !httpContext.RequestAborted.IsCancellationRequested =>
                (507, ProblemCodes.StorageFull, "The server's storage is full.", "The sync server has no space left to store this; try again later."),
            OperationConflictException conflict => (409, ProblemCodes.OperationConflict, "The request conflicts with stored data.", conflict.Message),
            JsonException => (400, ProblemCodes.InvalidRequest, "The request is invalid.", "The body is not valid JSON of the expected shape."),
            // A client gone mid-body: reading the body may throw before RequestAborted is signalled.
            ConnectionResetException => (499, ProblemCodes.InvalidRequest, "The client closed the request.", "The client closed the request."),
            OperationCanceledException or IOException when httpContext.RequestAborted.IsCancellationRequested =>
                (499, ProblemCodes.InvalidRequest, "The client closed the request.", "The client closed the request."),
            // The S3 file store failed or answered inconsistently (an outage, a throttle, an object changing
            // under a read): the client retries later; the operator finds the cause in the warning.
            // The SDK lets connection failures through unwrapped; a request handler's only socket peers are
            // the S3 store and the database, whose driver wraps its own (below).
            Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException or HttpRequestException or SocketException
                or IOException { InnerException: SocketException } =>
                (503, ProblemCodes.StorageUnavailable, "The file store is unavailable.", "The server's file store failed; try again later."),
            // The database is unreachable, restarting or overloaded (what the provider itself calls transient).
            System.Data.Common.DbException { IsTransient: true } =>
                (503, ProblemCodes.StorageUnavailable, "The database is unavailable.", "The server's database failed; try again later."),
            _ => (500, "internal", "The server failed.", "An unexpected error occurred; see the server log."),
        };

        if (status == 500)
        {
            Log.Unhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        }
        else if (status == 507)
        {
            storageFull.Refused(exception, httpContext.Request.Method, httpContext.Request.Path);
            metrics.StorageFull();
        }
        else if (status == 503)
        {
            Log.StorageUnavailable(logger, exception, title, httpContext.Request.Method, httpContext.Request.Path);
        }
        else
        {
            Log.BadRequest(logger, httpContext.Request.Method, httpContext.Request.Path, status);
        }

        if (httpContext.Response.HasStarted || status == 499)
        {
            return true;
        }

        httpContext.Response.StatusCode = status;
        var details = new ProblemDetails { Status = status, Title = title, Detail = detail };
        details.Extensions["code"] = code;
        // A client that accepts no JSON (an event stream) gets the status code alone; the error is handled either way.
        await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception });
        return true;
    }
}
