using System.Globalization;

namespace Engine.Query.Output;

/// <summary>
/// How result times are written, as InfluxDB's <c>epoch</c> parameter says: RFC 3339 with
/// nanoseconds and trailing zeros trimmed (the default), or an integer count of ns, u, ms, s, m or h.
/// </summary>
public sealed class EpochFormat
{
    private EpochFormat(long divisor) => Divisor = divisor;

    public static EpochFormat Rfc3339 { get; } = new(0);

    /// <summary>Nanoseconds per output unit, or 0 for RFC 3339 text.</summary>
    public long Divisor { get; }

    /// <summary>The format an <c>epoch</c> value names; null or empty means RFC 3339.</summary>
    public static EpochFormat Parse(string? epoch) => epoch switch
    {
        null or "" => Rfc3339,
        "ns" or "n" => new(1),
        "u" or "us" or "µ" => new(1_000),
        "ms" => new(1_000_000),
        "s" => new(1_000_000_000),
        "m" => new(60_000_000_000),
        "h" => new(3_600_000_000_000),
        _ => throw new FormatException($"unknown epoch '{epoch}': expected ns, u, ms, s, m or h"),
    };

    public object Format(long timeNs) => Divisor == 0 ? FormatRfc3339(timeNs) : timeNs / Divisor;

    /// <summary>RFC 3339 in UTC with up to nine fraction digits, trailing zeros dropped (Go's RFC3339Nano).</summary>
    public static string FormatRfc3339(long timeNs)
    {
        var seconds = Math.DivRem(timeNs, 1_000_000_000, out var nanos);
        if (nanos < 0)
        {
            seconds--;
            nanos += 1_000_000_000;
        }

        // "s" (yyyy-MM-ddTHH:mm:ss) has a fast path in the runtime that a custom pattern lacks; a
        // grouped answer formats one time per row.
        var text = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("s", CultureInfo.InvariantCulture);
        return nanos == 0 ? text + "Z" : $"{text}.{nanos.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0')}Z";
    }
}
