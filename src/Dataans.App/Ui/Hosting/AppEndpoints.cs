using Dataans.App.Ui.State;
using Dataans.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;

namespace Dataans.App.Ui.Hosting;

/// <summary>
/// The few plain HTTP endpoints beside the Blazor UI: attachment downloads and avatars (only files the
/// store knows, resolved through <c>FilesFolder.Resolve</c>) and streamed uploads for drafts and imports.
/// </summary>
internal static class AppEndpoints
{
    /// <summary>Uploads must carry this header, so a cross-site form cannot post one without a preflight.</summary>
    public const string UploadHeader = "X-Dataans-Upload";

    private const long MaxUploadBytes = 4L * 1024 * 1024 * 1024;
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private static readonly HashSet<string> ImageTypes = ["image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", "image/avif"];

    public static IEndpointRouteBuilder MapDataansEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/files/{noteId:guid}/{fileId:guid}", DownloadAsync);
        app.MapGet("/avatars/{spaceId:guid}", AvatarAsync);
        app.MapPost("/api/uploads", UploadAsync).DisableAntiforgery();
        app.MapDelete("/api/uploads/{id:guid}", (Guid id, HttpContext context, UploadStore uploads) =>
        {
            if (!context.Request.Headers.ContainsKey(UploadHeader))
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            uploads.Remove(id);
            return Results.NoContent();
        }).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> DownloadAsync(Guid noteId, Guid fileId, HttpContext context, DataansStore store)
    {
        try
        {
            var note = await store.GetNoteAsync(noteId, context.RequestAborted);
            var file = note.Files.FirstOrDefault(candidate => candidate.Id == fileId);
            if (file is null || store.Files.Resolve(file.Path) is not { } path || !File.Exists(path))
            {
                return Results.NotFound();
            }

            context.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
            context.Response.Headers.CacheControl = "private, no-cache";
            var type = ContentTypes.TryGetContentType(file.Name, out var known) && ImageTypes.Contains(known) ? known : "application/octet-stream";
            return Results.File(path, type, fileDownloadName: file.Name);
        }
        catch (NotFoundException)
        {
            return Results.NotFound();
        }
    }

    private static async Task<IResult> AvatarAsync(Guid spaceId, HttpContext context, DataansStore store)
    {
        try
        {
            var space = await store.GetSpaceAsync(spaceId, context.RequestAborted);
            if (space.AvatarPath is null || store.Files.Resolve(space.AvatarPath) is not { } path || !File.Exists(path))
            {
                // No bytes here: the original's built-in default (its pseudo path /public/…) or a picture not
                // synced yet. A picture made from the avatar id stands in, never cached for good.
                context.Response.Headers.CacheControl = "private, no-cache";
                return Results.File(Dataans.Core.Avatars.AvatarGenerator.Generate(space.AvatarId), "image/png");
            }

            var type = ContentTypes.TryGetContentType(path, out var known) && ImageTypes.Contains(known) ? known : "application/octet-stream";
            // URLs with ?v=<avatar id> never change their bytes; others must be checked again.
            context.Response.Headers.CacheControl = context.Request.Query.ContainsKey("v") ? "private, max-age=31536000, immutable" : "private, no-cache";
            return Results.File(path, type);
        }
        catch (NotFoundException)
        {
            return Results.NotFound();
        }
    }

    private static async Task<IResult> UploadAsync(HttpContext context, UploadStore uploads, string? name)
    {
        if (!context.Request.Headers.ContainsKey(UploadHeader))
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxUploadBytes;
        }

        var uploaded = await uploads.SaveAsync(context.Request.Body, name, context.RequestAborted);
        return Results.Ok(new { id = uploaded.Id, name = uploaded.Name, size = uploaded.Size });
    }
}
