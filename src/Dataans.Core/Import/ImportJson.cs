using System.Globalization;
using System.Text.Json;
using Dataans.Contracts;

namespace Dataans.Core.Import;

/// <summary>
/// Reads fields of an import file with one-sentence errors that name the object and the field.
/// The <c>where</c> arguments name the object, e.g. <c>Note 'abc'</c>. Thread-safe (pure).
/// </summary>
internal static class ImportJson
{
    // The range of a Timestamp (signed 64-bit unix nanoseconds) with a margin for time offsets.
    private const int MinYear = 1678;
    private const int MaxYear = 2261;

    public static JsonElement Object(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ImportException($"{where} is not a JSON object.");
        }

        return element;
    }

    /// <summary>An array field; missing or null gives an empty array when <paramref name="optional"/>.</summary>
    public static IEnumerable<JsonElement> Array(JsonElement parent, string field, string where, bool optional = false)
    {
        if (!parent.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (optional)
            {
                return [];
            }

            throw new ImportException($"{where} has no '{field}' list.");
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new ImportException($"{where} has {A(field)} '{field}' that is not a list.");
        }

        return value.EnumerateArray();
    }

    public static Guid Id(JsonElement parent, string field, string where)
    {
        if (!parent.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw new ImportException($"{where} has no '{field}'.");
        }

        if (value.ValueKind != JsonValueKind.String || value.GetRawText().Length > 64 || !Guid.TryParse(value.GetString(), out var id))
        {
            throw new ImportException($"{where} has {A(field)} '{field}' that is not a UUID.");
        }

        return id;
    }

    /// <summary>A string field of at most <paramref name="maxLength"/> UTF-16 code units.</summary>
    public static string String(JsonElement parent, string field, int maxLength, string where) =>
        OptionalString(parent, field, maxLength, where) ?? throw new ImportException($"{where} has no {Label(field)}.");

    /// <summary>A string field, or null when it is missing or null.</summary>
    public static string? OptionalString(JsonElement parent, string field, int maxLength, string where)
    {
        if (!parent.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new ImportException($"{where} has {A(field)} '{field}' that is not a string.");
        }

        // The escaped form is at most six times longer than the text: reject absurd sizes cheaply.
        if (value.GetRawText().Length > (6L * maxLength) + 2)
        {
            throw new ImportException(TooLong(field, maxLength, where));
        }

        string text;
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException exception)
        {
            throw new ImportException($"{where} has {A(field)} '{field}' that is not valid Unicode text.", exception);
        }

        return text.Length > maxLength ? throw new ImportException(TooLong(field, maxLength, where)) : text;
    }

    public static long? OptionalSize(JsonElement parent, string field, string where)
    {
        if (!parent.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var size) && size >= 0
            ? size
            : throw new ImportException($"{where} has {A(field)} '{field}' that is not a whole number of bytes.");
    }

    public static Timestamp Time(JsonElement parent, string field, string where) =>
        OptionalTime(parent, field, where) ?? throw new ImportException($"{where} has no '{field}' time.");

    /// <summary>
    /// A time as an RFC 3339 string or as the Rust <c>time</c> crate's 9-number array
    /// <c>[year, ordinal day, hour, minute, second, nanosecond, offset hours, offset minutes, offset seconds]</c>.
    /// </summary>
    public static Timestamp? OptionalTime(JsonElement parent, string field, string where)
    {
        if (!parent.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var parsed = value.ValueKind switch
        {
            JsonValueKind.String => ParseRfc3339(value),
            JsonValueKind.Array => ParseTimeArray(value),
            _ => null,
        };
        return parsed ?? throw new ImportException(
            $"{where} has a '{field}' that is not a time (an RFC 3339 text or a 9-number array) between {MinYear} and {MaxYear}.");
    }

    private static Timestamp? ParseRfc3339(JsonElement value)
    {
        if (value.GetRawText().Length > 66)
        {
            return null;
        }

        var text = value.GetString();
        return text is not null && Timestamp.TryParse(text, out var time)
            && int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && year is >= MinYear and <= MaxYear
            ? time
            : null;
    }

    /// <summary>Converts <c>time::OffsetDateTime</c>'s default serde form exactly, offset included.</summary>
    internal static Timestamp? ParseTimeArray(JsonElement value)
    {
        if (value.GetArrayLength() != 9)
        {
            return null;
        }

        Span<long> parts = stackalloc long[9];
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out parts[index++]))
            {
                return null;
            }
        }

        var (year, ordinal, hour, minute, second, nanosecond) = (parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
        var (offsetHours, offsetMinutes, offsetSeconds) = (parts[6], parts[7], parts[8]);
        if (year is < MinYear or > MaxYear || ordinal < 1 || ordinal > (DateTime.IsLeapYear((int)year) ? 366 : 365)
            || hour is < 0 or > 23 || minute is < 0 or > 59 || second is < 0 or > 59 || nanosecond is < 0 or > 999_999_999
            || offsetHours is < -25 or > 25 || offsetMinutes is < -59 or > 59 || offsetSeconds is < -59 or > 59
            || (offsetHours > 0 && (offsetMinutes < 0 || offsetSeconds < 0))
            || (offsetHours < 0 && (offsetMinutes > 0 || offsetSeconds > 0))
            || (offsetMinutes > 0 && offsetSeconds < 0) || (offsetMinutes < 0 && offsetSeconds > 0))
        {
            return null;
        }

        var date = new DateTime((int)year, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(ordinal - 1);
        var localSeconds = ((long)(date - DateTime.UnixEpoch).Days * 86_400) + (hour * 3600) + (minute * 60) + second;
        var utcSeconds = localSeconds - ((offsetHours * 3600) + (offsetMinutes * 60) + offsetSeconds);
        return new Timestamp((utcSeconds * 1_000_000_000) + nanosecond);
    }

    private static string TooLong(string field, int maxLength, string where) =>
        $"{where} has {A(field)} '{field}' longer than {maxLength.ToString("N0", CultureInfo.InvariantCulture)} characters.";

    private static string A(string field) => "aeiou".Contains(field[0], StringComparison.Ordinal) ? "an" : "a";

    private static string Label(string field) => field is "text" or "name" ? field : $"'{field}'";
}
