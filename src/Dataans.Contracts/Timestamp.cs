using System.Globalization;

namespace Dataans.Contracts;

/// <summary>
/// A UTC instant with nanosecond precision, as the original Dataans stores it (RFC 3339, trailing
/// zeros of the fraction trimmed, <c>Z</c> suffix). Immutable and thread-safe.
/// </summary>
public readonly record struct Timestamp(long UnixNanoseconds) : IComparable<Timestamp>
{
    private const long NanosPerTick = 100;
    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;

    /// <summary>The earliest timestamp.</summary>
    public static Timestamp MinValue => new(long.MinValue);

    /// <summary>The timestamp of <paramref name="value"/> (100 ns precision).</summary>
    public static Timestamp FromDateTimeOffset(DateTimeOffset value) =>
        new((value.UtcTicks - UnixEpochTicks) * NanosPerTick);

    /// <summary>The instant as a <see cref="DateTimeOffset"/> (rounded down to 100 ns).</summary>
    public DateTimeOffset ToDateTimeOffset() =>
        new(UnixEpochTicks + FloorDiv(UnixNanoseconds, NanosPerTick), TimeSpan.Zero);

    /// <summary>This instant moved by <paramref name="nanoseconds"/>.</summary>
    public Timestamp AddNanoseconds(long nanoseconds) => new(checked(UnixNanoseconds + nanoseconds));

    /// <inheritdoc/>
    public int CompareTo(Timestamp other) => UnixNanoseconds.CompareTo(other.UnixNanoseconds);

    /// <summary>True when <paramref name="left"/> is earlier.</summary>
    public static bool operator <(Timestamp left, Timestamp right) => left.UnixNanoseconds < right.UnixNanoseconds;
    /// <summary>True when <paramref name="left"/> is later.</summary>
    public static bool operator >(Timestamp left, Timestamp right) => left.UnixNanoseconds > right.UnixNanoseconds;
    /// <summary>True when <paramref name="left"/> is earlier or the same.</summary>
    public static bool operator <=(Timestamp left, Timestamp right) => left.UnixNanoseconds <= right.UnixNanoseconds;
    /// <summary>True when <paramref name="left"/> is later or the same.</summary>
    public static bool operator >=(Timestamp left, Timestamp right) => left.UnixNanoseconds >= right.UnixNanoseconds;

    /// <summary>Formats as RFC 3339 UTC, e.g. <c>2025-07-31T16:25:57.12345678Z</c>.</summary>
    public override string ToString()
    {
        var seconds = FloorDiv(UnixNanoseconds, 1_000_000_000);
        var nanos = (int)(UnixNanoseconds - (seconds * 1_000_000_000));
        var date = DateTime.UnixEpoch.AddSeconds(seconds);
        var text = date.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        if (nanos == 0)
        {
            return text + "Z";
        }

        var fraction = nanos.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        return text + "." + fraction + "Z";
    }

    /// <summary>Parses an RFC 3339 date-time with any offset and up to nine fraction digits.</summary>
    /// <exception cref="FormatException">The text is not an RFC 3339 date-time.</exception>
    public static Timestamp Parse(string text)
    {
        if (TryParse(text, out var value))
        {
            return value;
        }

        throw new FormatException("Not an RFC 3339 timestamp.");
    }

    /// <summary>Parses an RFC 3339 date-time; false when <paramref name="text"/> is not one.</summary>
    public static bool TryParse(string? text, out Timestamp value)
    {
        value = default;
        if (text is null || text.Length < 20 || text.Length > 64)
        {
            return false;
        }

        // yyyy-MM-ddTHH:mm:ss[.fffffffff](Z|+hh:mm|-hh:mm)
        if (!DateTime.TryParseExact(text.AsSpan(0, 19), "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var wholeSeconds)
            && !DateTime.TryParseExact(text.AsSpan(0, 19), "yyyy-MM-dd't'HH:mm:ss", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out wholeSeconds))
        {
            return false;
        }

        var position = 19;
        long nanos = 0;
        if (text[position] == '.')
        {
            position++;
            var digits = 0;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                if (digits == 9)
                {
                    return false;
                }

                nanos = (nanos * 10) + (text[position] - '0');
                digits++;
                position++;
            }

            if (digits == 0)
            {
                return false;
            }

            for (var i = digits; i < 9; i++)
            {
                nanos *= 10;
            }
        }

        if (!TryParseOffset(text.AsSpan(position), out var offsetSeconds))
        {
            return false;
        }

        var unixSeconds = (long)(wholeSeconds - DateTime.UnixEpoch).TotalSeconds - offsetSeconds;
        value = new Timestamp((unixSeconds * 1_000_000_000) + nanos);
        return true;
    }

    private static bool TryParseOffset(ReadOnlySpan<char> text, out long offsetSeconds)
    {
        offsetSeconds = 0;
        if (text is "Z" or "z")
        {
            return true;
        }

        if (text.Length != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':'
            || !int.TryParse(text.Slice(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || !int.TryParse(text.Slice(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            || hours > 23 || minutes > 59)
        {
            return false;
        }

        offsetSeconds = ((hours * 3600) + (minutes * 60)) * (text[0] == '-' ? -1 : 1);
        return true;
    }

    private static long FloorDiv(long value, long divisor)
    {
        var quotient = value / divisor;
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
    }
}
