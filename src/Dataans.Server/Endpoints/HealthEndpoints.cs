using Dataans.Server.Storage;

namespace Dataans.Server.Endpoints;

/// <summary><c>/health</c> (liveness; also the seed's <c>GET /health/</c>) and <c>/health/ready</c>.</summary>
internal static class HealthEndpoints
{
    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => Results.Text("ok")).AllowAnonymous().WithTags("health");
        app.MapGet("/health/ready", ReadyAsync).AllowAnonymous().WithTags("health");
    }

    private static async Task<IResult> ReadyAsync(IOperationStore operations, IFileStore files, CancellationToken cancellationToken)
    {
        var database = await ProbeAsync(() => operations.IsReadyAsync(cancellationToken));
        var fileStore = await ProbeAsync(() => files.IsReadyAsync(cancellationToken));
        if (database && fileStore)
        {
            return Results.Text("ready");
        }

        return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready.",
            detail: $"database: {(database ? "ok" : "unreachable")}, file store: {(fileStore ? "ok" : "unreachable")}");
    }

    private static async Task<bool> ProbeAsync(Func<Task<bool>> probe)
    {
        try
        {
            return await probe();
        }
        catch (Exception)
        {
            return false;
        }
    }
}
