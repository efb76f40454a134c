using Dataans.Contracts;

namespace Dataans.Core.Tests;

public sealed class TimestampTests
{
    [Theory]
    [InlineData("2025-07-31T16:25:57.123456789Z", "2025-07-31T16:25:57.123456789Z")]
    [InlineData("2025-07-31T16:25:57.120000000Z", "2025-07-31T16:25:57.12Z")]
    [InlineData("2025-07-31T16:25:57Z", "2025-07-31T16:25:57Z")]
    [InlineData("2025-07-31T18:25:57.5+02:00", "2025-07-31T16:25:57.5Z")]
    [InlineData("2025-07-31T14:55:57.000000001-01:30", "2025-07-31T16:25:57.000000001Z")]
    [InlineData("1969-12-31T23:59:59.999999999Z", "1969-12-31T23:59:59.999999999Z")]
    [InlineData("2025-07-31t16:25:57z", "2025-07-31T16:25:57Z")]
    public void Parse_Then_Format_GivesCanonicalUtc(string input, string expected)
    {
        Assert.Equal(expected, Timestamp.Parse(input).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("2025-07-31")]
    [InlineData("2025-07-31T16:25:57")]
    [InlineData("2025-07-31T16:25:57.Z")]
    [InlineData("2025-07-31T16:25:57.1234567891Z")]
    [InlineData("2025-13-31T16:25:57Z")]
    [InlineData("2025-07-31T16:25:57+25:00")]
    [InlineData("yesterday at noon, roughly")]
    public void TryParse_RejectsInvalidText(string input)
    {
        Assert.False(Timestamp.TryParse(input, out _));
    }

    [Fact]
    public void DateTimeOffset_RoundTrip_KeepsTicks()
    {
        var now = new DateTimeOffset(2026, 11, 27, 12, 0, 0, 123, TimeSpan.Zero).AddTicks(4567);
        var timestamp = Timestamp.FromDateTimeOffset(now);

        Assert.Equal(now, timestamp.ToDateTimeOffset());
        Assert.Equal("2026-11-27T12:00:00.1234567Z", timestamp.ToString());
    }
}
