using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dataans.Contracts.Sync;
using Dataans.Server.Configuration;
using Dataans.Server.RateLimiting;

namespace Dataans.Server.Endpoints;

/// <summary>Strict parsing of route values, query parameters and JSON bodies into clear 4xx problems.</summary>
internal static class RequestParsing
{
    public static bool TryParseId(string raw, out Guid id, [NotNullWhen(false)] out IResult? error)
    {
        error = null;
        if (raw.Length == 36 && Guid.TryParseExact(raw, "D", out id))
        {
            return true;
        }

        id = Guid.Empty;
        error = Problems.BadRequest("The id must be a UUID like 0b0cd4a2-5f0e-4d8e-9a57-2b1b8f3c2f10.");
        return false;
    }

    /// <summary>Reads an integer query parameter in [min, max]; <paramref name="fallback"/> when absent (required when null).</summary>
    public static bool TryQueryLong(HttpRequest request, string name, long min, long max, long? fallback, out long value,
        [NotNullWhen(false)] out IResult? error)
    {
        error = null;
        var values = request.Query[name];
        if (values.Count == 0)
        {
            value = fallback ?? 0;
            if (fallback is not null)
            {
                return true;
            }

            error = Problems.BadRequest($"The query parameter '{name}' is required.");
            return false;
        }

        if (values.Count > 1 || !long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out value)
            || value < min || value > max)
        {
            value = 0;
            error = Problems.BadRequest($"The query parameter '{name}' must be one integer from {min} to {max}.");
            return false;
        }

        return true;
    }

    /// <summary>An optional <c>epoch</c> query parameter: null when absent, else the 32 lower-case hex digits the server hands out.</summary>
    public static bool TryQueryEpoch(HttpRequest request, out string? epoch, [NotNullWhen(false)] out IResult? error)
    {
        error = null;
        epoch = null;
        var values = request.Query["epoch"];
        if (values.Count == 0)
        {
            return true;
        }

        if (values.Count > 1 || values[0] is not { Length: 32 } value || !value.All(char.IsAsciiHexDigitLower))
        {
            error = Problems.BadRequest("The query parameter 'epoch' must be one epoch as the server sent it: 32 lower-case hex digits.");
            return false;
        }

        epoch = value;
        return true;
    }

    /// <summary>An optional UUID query parameter: null when absent.</summary>
    public static bool TryQueryId(HttpRequest request, string name, out Guid? id, [NotNullWhen(false)] out IResult? error)
    {
        error = null;
        id = null;
        var values = request.Query[name];
        if (values.Count == 0)
        {
            return true;
        }

        if (values.Count > 1 || values[0] is not { Length: 36 } raw || !Guid.TryParseExact(raw, "D", out var parsed))
        {
            error = Problems.BadRequest($"The query parameter '{name}' must be one UUID like 0b0cd4a2-5f0e-4d8e-9a57-2b1b8f3c2f10.");
            return false;
        }

        id = parsed;
        return true;
    }

    public static bool QueryFlag(HttpRequest request, string name) =>
        request.Query[name] is { Count: 1 } v && (v[0] == "true" || v[0] == "1");

    /// <summary>Reads a JSON body within the configured limit. Returns null and sets an error for bad input.</summary>
    public static async Task<(T? Value, IResult? Error)> ReadJsonAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo, LimitsOptions limits)
        where T : class
    {
        var limit = RequestBodyLimits.Current(context, limits);
        if (context.Request.ContentLength > limit)
        {
            return (null, Problems.TooLarge($"This route's JSON bodies are limited to {limit} bytes."));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync(context.Request.Body, typeInfo, context.RequestAborted);
            return value is null ? (null, Problems.BadRequest("The body must be a JSON value, not null.")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Problems.BadRequest("The body is not valid JSON of the expected shape: " + FirstLine(e.Message)));
        }
        catch (InvalidDataException)
        {
            // Thrown by the request decompression of a body sent with Content-Encoding (protocol.md §4.9).
            return (null, Problems.BadRequest("The body is not valid data of its Content-Encoding."));
        }
    }

    /// <summary>Checks what the server needs of an operation: a 32-byte checksum and data within the limit.</summary>
    public static IResult? ValidateOperations(IReadOnlyList<PushOperation> operations, LimitsOptions limits)
    {
        for (var i = 0; i < operations.Count; i++)
        {
            var operation = operations[i];
            if (operation is null)
            {
                return Problems.BadRequest($"Operation {i} is null.");
            }

            if (operation.Checksum is not { Length: 32 })
            {
                return Problems.BadRequest($"Operation {i} ({operation.Id}): the checksum must be 32 bytes.");
            }

            if (operation.Data is null)
            {
                return Problems.BadRequest($"Operation {i} ({operation.Id}): data must be base64 (a number array on v1), not null.");
            }

            if (operation.Data.Length > limits.MaxOperationBytes)
            {
                return Problems.TooLarge($"Operation {i} ({operation.Id}): data is limited to {limits.MaxOperationBytes} bytes.");
            }
        }

        return null;
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n')[0];
        return line.Length > 300 ? line[..300] : line;
    }
}
