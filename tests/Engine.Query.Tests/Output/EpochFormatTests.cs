using System.Globalization;
using Engine.Query.Output;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Engine.Query.Tests.Output;

/// <summary>RFC 3339 times as InfluxDB writes them: UTC, up to nine fraction digits, trailing zeros dropped.</summary>
public sealed class EpochFormatTests
{
    // The seconds a nanosecond count in a long can reach (years 1677 to 2262).
    private const long MinSeconds = -9_223_372_035;
    private const long MaxSeconds = 9_223_372_035;

    [Property(MaxTest = 500)]
    public Property Every_time_reads_back_to_the_same_nanosecond(long seed)
    {
        var seconds = MinSeconds + (long)((ulong)seed % (ulong)(MaxSeconds - MinSeconds));
        var nanos = (long)((ulong)seed % 1_000_000_000);
        // Whole seconds, whole milliseconds and arbitrary nanoseconds are all common in answers.
        var fraction = (seed & 3) switch { 0 => 0, 1 => nanos / 1_000_000 * 1_000_000, _ => nanos };
        var text = EpochFormat.FormatRfc3339(TimeNs(seconds, fraction));

        var (readSeconds, readFraction) = Parse(text);
        var trimmed = fraction == 0 ? !text.Contains('.', StringComparison.Ordinal) : !text.EndsWith("0Z", StringComparison.Ordinal);
        return (readSeconds == seconds && readFraction == fraction && trimmed).Label($"{seconds}s + {fraction}ns -> {text}");
    }

    [Theory]
    [InlineData(0L, "1970-01-01T00:00:00Z")]
    [InlineData(1_451_606_400_011_673_000L, "2016-01-01T00:00:00.011673Z")]
    [InlineData(-1L, "1969-12-31T23:59:59.999999999Z")]
    [InlineData(1_500_000_000L, "1970-01-01T00:00:01.5Z")]
    public void Known_times(long timeNs, string expected) => Assert.Equal(expected, EpochFormat.FormatRfc3339(timeNs));

    private static long TimeNs(long seconds, long fraction) => (seconds * 1_000_000_000) + fraction;

    private static (long Seconds, long Fraction) Parse(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var whole = DateTime.ParseExact(text[..(dot < 0 ? text.Length - 1 : dot)], "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        var fraction = dot < 0 ? 0 : long.Parse(text[(dot + 1)..^1].PadRight(9, '0'), CultureInfo.InvariantCulture);
        return (new DateTimeOffset(whole, TimeSpan.Zero).ToUnixTimeSeconds(), fraction);
    }
}
