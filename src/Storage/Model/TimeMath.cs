namespace Engine.Storage.Model;

/// <summary>Time arithmetic on nanosecond timestamps since the Unix epoch (UTC).</summary>
public static class TimeMath
{
    public const long NanosPerSecond = 1_000_000_000L;
    public const long NanosPerHour = 3_600 * NanosPerSecond;
    public const long NanosPerDay = 24 * NanosPerHour;

    /// <summary>The UTC day (days since 1970-01-01) a timestamp falls in; floors for times before 1970.</summary>
    public static int DayOf(long timestampNs) => (int)FloorDiv(timestampNs, NanosPerDay);

    public static long DayStart(int day) => day * NanosPerDay;

    /// <summary>The UTC month a timestamp falls in, counted from January 1970 (month 0).</summary>
    public static int MonthOf(long timestampNs)
    {
        var date = DateOnly.FromDayNumber(UnixEpochDayNumber + DayOf(timestampNs));
        return ((date.Year - 1970) * 12) + date.Month - 1;
    }

    public static long MonthStart(int month)
    {
        var year = 1970 + (int)FloorDiv(month, 12);
        var first = new DateOnly(year, (int)(month - ((year - 1970) * 12L)) + 1, 1);
        return DayStart(first.DayNumber - UnixEpochDayNumber);
    }

    public static long HourOf(long timestampNs) => FloorDiv(timestampNs, NanosPerHour);

    public static long FloorDiv(long value, long divisor)
    {
        var quotient = value / divisor;
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
    }

    private static readonly int UnixEpochDayNumber = new DateOnly(1970, 1, 1).DayNumber;

    public static long NowNs() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
}
