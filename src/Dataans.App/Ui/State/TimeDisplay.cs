using System.Globalization;
using Dataans.Contracts;

namespace Dataans.App.Ui.State;

/// <summary>Shows times in the browser's time zone (asked once per tab), as the original: <c>HH:mm:ss dd/Month/yyyy</c>.</summary>
internal sealed class TimeDisplay
{
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public void SetZone(string? ianaId)
    {
        if (!string.IsNullOrWhiteSpace(ianaId) && TimeZoneInfo.TryFindSystemTimeZoneById(ianaId, out var zone))
        {
            Zone = zone;
        }
    }

    public string Format(Timestamp time) =>
        TimeZoneInfo.ConvertTime(time.ToDateTimeOffset(), Zone).ToString("HH:mm:ss dd/MMMM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>Machine-readable local time for the &lt;time datetime&gt; attribute.</summary>
    public string Iso(Timestamp time) =>
        TimeZoneInfo.ConvertTime(time.ToDateTimeOffset(), Zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
