using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Dataans.Contracts.Sync;
using Dataans.Server.Auth;
using Dataans.Server.Storage;
using Microsoft.AspNetCore.Http.Features;

namespace Dataans.Server.Endpoints;

/// <summary>Streamed file bodies: request size limits and downloads with a single-range <c>Range</c>.</summary>
internal static class FileTransfer
{
    private const int CopyBufferSize = 64 * 1024;

    /// <summary>Raises the request-size limit for a file body to <paramref name="maxBytes"/>.</summary>
    public static bool AllowBody(HttpContext context, long maxBytes, [NotNullWhen(false)] out IResult? error)
    {
        error = null;
        if (context.Request.ContentLength > maxBytes)
        {
            error = Problems.TooLarge($"Files are limited to {maxBytes} bytes.");
            return false;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = maxBytes;
        }

        return true;
    }

    public static async Task<IResult> DownloadAsync(HttpContext context, string id, IFileStore files, ILogger logger, CancellationToken cancellationToken)
    {
        if (!RequestParsing.TryParseId(id, out var fileId, out var error))
        {
            return error;
        }

        var user = SyncUser.Get(context);
        var state = await files.GetStateAsync(user, fileId, cancellationToken);
        if (state is not { Complete: true })
        {
            return Problems.NotFound($"File {fileId} does not exist (or its upload is not complete).");
        }

        var response = context.Response;
        response.Headers.AcceptRanges = "bytes";
        var (kind, from, to) = ParseRange(context.Request.Headers.Range.ToString(), state.Length);
        if (kind == RangeKind.Unsatisfiable)
        {
            response.Headers.ContentRange = $"bytes */{state.Length}";
            return Problems.Create(StatusCodes.Status416RangeNotSatisfiable, ProblemCodes.InvalidRequest,
                "The range is not satisfiable.", $"The file has {state.Length} bytes.");
        }

        var stream = await files.OpenReadAsync(user, fileId, from, to - from + 1, cancellationToken);
        if (stream is null)
        {
            return Problems.NotFound($"File {fileId} does not exist.");
        }

        await using (stream)
        {
            if (kind == RangeKind.Partial)
            {
                response.StatusCode = StatusCodes.Status206PartialContent;
                response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {from}-{to}/{state.Length}");
            }

            response.ContentType = "application/octet-stream";
            response.ContentLength = to - from + 1;
            var expected = to - from + 1;
            var sent = 0L;
            IOException? failure = null;
            var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
            try
            {
                int read;
                while (sent < expected && (read = await stream.ReadAsync(buffer.AsMemory(0, CopyBufferSize), cancellationToken)) > 0)
                {
                    await response.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    sent += read;
                }
            }
            catch (IOException exception) when (!cancellationToken.IsCancellationRequested)
            {
                failure = exception;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            if (sent < expected && !cancellationToken.IsCancellationRequested)
            {
                // The store's stream failed or ended early (the file was replaced meanwhile) after the headers
                // were sent, so no problem answer is possible: end the connection so that the client sees a
                // broken body (it resumes with Range), not a short file with a 200.
                Log.DownloadBrokenOff(logger, failure, fileId, sent, expected);
                context.Abort();
            }
        }

        return Results.Empty;
    }

    /// <summary>Parses <c>bytes=a-b</c>, <c>bytes=a-</c> or <c>bytes=-n</c>; anything else means the whole file.</summary>
    internal static (RangeKind Kind, long From, long To) ParseRange(string header, long length)
    {
        var whole = (RangeKind.Full, 0L, length - 1);
        if (string.IsNullOrEmpty(header) || !header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || header.Contains(','))
        {
            return whole;
        }

        var spec = header.AsSpan("bytes=".Length).Trim();
        var dash = spec.IndexOf('-');
        if (dash < 0)
        {
            return whole;
        }

        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.IsEmpty)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix))
            {
                return whole;
            }

            return suffix == 0 || length == 0
                ? (RangeKind.Unsatisfiable, 0, 0)
                : (RangeKind.Partial, Math.Max(0, length - suffix), length - 1);
        }

        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var from))
        {
            return whole;
        }

        var to = length - 1;
        if (!last.IsEmpty)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out to) || to < from)
            {
                return whole;
            }

            to = Math.Min(to, length - 1);
        }

        return from >= length ? (RangeKind.Unsatisfiable, 0, 0) : (RangeKind.Partial, from, to);
    }

    internal enum RangeKind
    {
        Full,
        Partial,
        Unsatisfiable,
    }
}
