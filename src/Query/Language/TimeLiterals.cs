using System.Globalization;
using System.Text.RegularExpressions;

namespace Engine.Query.Language;

/// <summary>
/// Time strings in WHERE: RFC 3339 with up to nanosecond fractions and any offset, and the lenient
/// forms people type: a date alone, a space instead of <c>T</c>, no zone (UTC).
/// </summary>
internal static partial class TimeLiterals
{
    private const long NanosecondsPerSecond = 1_000_000_000;

    /// <summary>Reads a time string as nanoseconds since the epoch; false with the reason when it is not one.</summary>
    public static bool TryParse(string text, out long nanoseconds, out string error)
    {
        nanoseconds = 0;
        var match = Rfc3339().Match(text);
        if (!match.Success)
        {
            error = $"expected an RFC 3339 time like '2026-11-23T10:00:00Z' or '2026-11-23', found '{text}'";
            return false;
        }

        int Group(string name) => match.Groups[name].Success ? int.Parse(match.Groups[name].ValueSpan, CultureInfo.InvariantCulture) : 0;
        var (year, month, day) = (Group("year"), Group("month"), Group("day"));
        var (hour, minute, second) = (Group("hour"), Group("minute"), Group("second"));
        var (offsetHours, offsetMinutes) = (Group("offsetHours"), Group("offsetMinutes"));
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59)
        {
            error = $"'{text}' is not a valid date and time";
            return false;
        }

        var offsetSeconds = ((offsetHours * 3600) + (offsetMinutes * 60)) * (match.Groups["offsetSign"].Value == "-" ? -1 : 1);
        var fraction = match.Groups["fraction"].Value.PadRight(9, '0');
        var seconds = ((new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc) - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerSecond) - offsetSeconds;
        var exact = ((Int128)seconds * NanosecondsPerSecond) + long.Parse(fraction, CultureInfo.InvariantCulture);
        if (exact < long.MinValue || exact > long.MaxValue)
        {
            error = $"'{text}' is out of range (1677-09-21 to 2262-04-11)";
            return false;
        }

        nanoseconds = (long)exact;
        error = string.Empty;
        return true;
    }

    /// <summary>RFC 3339 in UTC with the fraction it needs: <c>2026-11-23T10:00:00.5Z</c>.</summary>
    public static string Format(long nanoseconds)
    {
        var seconds = Math.DivRem(nanoseconds, NanosecondsPerSecond, out var fraction);
        if (fraction < 0)
        {
            seconds--;
            fraction += NanosecondsPerSecond;
        }

        var time = DateTime.UnixEpoch.AddTicks(seconds * TimeSpan.TicksPerSecond);
        var fractionText = fraction == 0 ? string.Empty : "." + fraction.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        return time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + fractionText + "Z";
    }

    [GeneratedRegex(
        @"^(?<year>[0-9]{4})-(?<month>[0-9]{2})-(?<day>[0-9]{2})" +
        @"(?:[Tt ](?<hour>[0-9]{2}):(?<minute>[0-9]{2}):(?<second>[0-9]{2})(?:\.(?<fraction>[0-9]{1,9}))?" +
        @"(?:[Zz]|(?<offsetSign>[+-])(?<offsetHours>[0-9]{2}):(?<offsetMinutes>[0-9]{2}))?)?\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}
