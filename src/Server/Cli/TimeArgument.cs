using System.Globalization;

namespace Engine.Server.Cli;

/// <summary>Reads a time given on the command line: RFC 3339 (UTC unless an offset is given) or integer nanoseconds.</summary>
internal static class TimeArgument
{
    public static long Parse(string text)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var nanoseconds))
        {
            return nanoseconds;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        }

        throw new FormatException($"'{text}' is not a time: give RFC 3339 (2026-01-02T03:04:05Z) or nanoseconds since the epoch");
    }
}
