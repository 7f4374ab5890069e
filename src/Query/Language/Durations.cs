using System.Globalization;

namespace Engine.Query.Language;

/// <summary>Duration literals as in InfluxQL: integers with a unit, concatenated (<c>1h30m</c>).</summary>
internal static class Durations
{
    public const string UnitNames = "ns, u, µ, ms, s, m, h, d or w";

    private const long Second = 1_000_000_000;

    // Largest first: the formatter writes a value in the largest unit that divides it.
    private static readonly (string Unit, long Nanoseconds)[] Units =
    [
        ("w", 7 * 24 * 3600 * Second),
        ("d", 24 * 3600 * Second),
        ("h", 3600 * Second),
        ("m", 60 * Second),
        ("s", Second),
        ("ms", 1_000_000),
        ("u", 1_000),
        ("ns", 1),
    ];

    private static readonly Dictionary<string, long> NanosecondsByUnit =
        Units.Concat<(string Unit, long Nanoseconds)>([("µ", 1_000), ("μ", 1_000)]).ToDictionary(u => u.Unit, u => u.Nanoseconds);

    /// <summary>Reads a duration token's text; false with the reason when a unit is unknown or the value overflows.</summary>
    public static bool TryParse(string text, out long nanoseconds, out string error)
    {
        nanoseconds = 0;
        error = string.Empty;
        var i = 0;
        while (i < text.Length)
        {
            var digitsStart = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
                i++;
            var unitStart = i;
            while (i < text.Length && !char.IsAsciiDigit(text[i]))
                i++;
            var unit = text[unitStart..i];
            if (!NanosecondsByUnit.TryGetValue(unit, out var unitNanoseconds))
            {
                error = $"expected a duration unit ({UnitNames}) in '{text}', found {(unit.Length == 0 ? "nothing" : $"'{unit}'")}";
                return false;
            }

            if (!long.TryParse(text.AsSpan(digitsStart, unitStart - digitsStart), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                || !TryAdd(nanoseconds, count, unitNanoseconds, out nanoseconds))
            {
                error = $"duration '{text}' is out of range (at most about 292 years)";
                return false;
            }
        }

        return true;
    }

    private static bool TryAdd(long total, long count, long unit, out long sum)
    {
        var exact = total + ((Int128)count * unit);
        sum = exact > long.MaxValue ? 0 : (long)exact;
        return exact <= long.MaxValue;
    }

    /// <summary>A non-negative duration in the largest unit that divides it: <c>90m</c>, <c>1500ms</c>, <c>0s</c>.</summary>
    public static string Format(long nanoseconds)
    {
        if (nanoseconds == 0)
            return "0s";
        var (unit, size) = Units.First(u => nanoseconds % u.Nanoseconds == 0);
        return (nanoseconds / size).ToString(CultureInfo.InvariantCulture) + unit;
    }
}
