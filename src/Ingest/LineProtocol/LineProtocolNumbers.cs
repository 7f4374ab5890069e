using System.Globalization;

namespace Engine.Ingest.LineProtocol;

internal enum NumberStatus
{
    Ok,
    Invalid,
    OutOfRange,
}

/// <summary>Number parsing for field values and timestamps, strict to the line-protocol grammar.</summary>
internal static class LineProtocolNumbers
{
    private const ulong MaxExactMantissa = 1UL << 53;

    // 10^0 .. 10^22 are exactly representable as doubles.
    private static ReadOnlySpan<double> ExactPowersOfTen =>
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>
    /// Parses <c>-?(digits[.digits*]|.digits)([eE][+-]?digits)?</c> to exactly the double that
    /// <see cref="double.Parse(string)"/> gives. NaN, Inf, hex and a leading '+' are invalid; a value
    /// that rounds to infinity is out of range.
    /// </summary>
    public static NumberStatus ParseFloat(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        int i = 0;
        bool negative = false;
        if (i < text.Length && text[i] == (byte)'-')
        {
            negative = true;
            i++;
        }

        ulong mantissa = 0;
        int significantDigits = 0;
        int exponent = 0;
        bool exact = true;
        int digitsBeforePoint = 0;
        for (; i < text.Length && IsDigit(text[i]); i++, digitsBeforePoint++)
        {
            Accumulate(text[i], ref mantissa, ref significantDigits, ref exact, ref exponent, isFraction: false);
        }

        int digitsAfterPoint = 0;
        if (i < text.Length && text[i] == (byte)'.')
        {
            for (i++; i < text.Length && IsDigit(text[i]); i++, digitsAfterPoint++)
            {
                Accumulate(text[i], ref mantissa, ref significantDigits, ref exact, ref exponent, isFraction: true);
            }
        }

        if (digitsBeforePoint + digitsAfterPoint == 0)
        {
            return NumberStatus.Invalid;
        }

        if (i < text.Length && (text[i] | 0x20) == (byte)'e')
        {
            i++;
            int sign = 1;
            if (i < text.Length && text[i] is (byte)'+' or (byte)'-')
            {
                sign = text[i] == (byte)'-' ? -1 : 1;
                i++;
            }

            int exponentDigits = 0;
            int explicitExponent = 0;
            for (; i < text.Length && IsDigit(text[i]); i++, exponentDigits++)
            {
                // Clamped: anything this large already leaves the fast path.
                explicitExponent = Math.Min(explicitExponent * 10 + (text[i] - '0'), 100_000);
            }

            if (exponentDigits == 0)
            {
                return NumberStatus.Invalid;
            }

            exponent += sign * explicitExponent;
        }

        if (i != text.Length)
        {
            return NumberStatus.Invalid;
        }

        if (exact && mantissa <= MaxExactMantissa && exponent is >= -22 and <= 22)
        {
            // Clinger's fast path: both operands are exact, so one IEEE operation rounds correctly.
            double m = mantissa;
            value = exponent < 0 ? m / ExactPowersOfTen[-exponent] : m * ExactPowersOfTen[exponent];
            if (negative)
            {
                value = -value;
            }

            return NumberStatus.Ok;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return NumberStatus.Invalid;
        }

        return double.IsFinite(value) ? NumberStatus.Ok : NumberStatus.OutOfRange;
    }

    private static void Accumulate(byte digit, ref ulong mantissa, ref int significantDigits, ref bool exact, ref int exponent, bool isFraction)
    {
        if (significantDigits < 19)
        {
            mantissa = (mantissa * 10) + (ulong)(digit - '0');
            if (mantissa != 0)
            {
                significantDigits++;
            }

            if (isFraction)
            {
                exponent--;
            }
        }
        else
        {
            // More digits than a ulong holds: let the runtime round the full text.
            exact = false;
        }
    }

    /// <summary>Parses <c>-?digits</c> as a signed 64-bit integer with an exact range check.</summary>
    public static NumberStatus ParseInt64(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        bool negative = !text.IsEmpty && text[0] == (byte)'-';
        NumberStatus status = ParseDigits(negative ? text[1..] : text, out ulong magnitude);
        if (status != NumberStatus.Ok)
        {
            return status;
        }

        if (negative)
        {
            if (magnitude > (ulong)long.MaxValue + 1)
            {
                return NumberStatus.OutOfRange;
            }

            value = unchecked(-(long)magnitude);
            return NumberStatus.Ok;
        }

        if (magnitude > long.MaxValue)
        {
            return NumberStatus.OutOfRange;
        }

        value = (long)magnitude;
        return NumberStatus.Ok;
    }

    /// <summary>Parses <c>digits</c> as an unsigned 64-bit integer; a sign is invalid.</summary>
    public static NumberStatus ParseUInt64(ReadOnlySpan<byte> text, out ulong value) => ParseDigits(text, out value);

    private static NumberStatus ParseDigits(ReadOnlySpan<byte> text, out ulong value)
    {
        value = 0;
        if (text.IsEmpty)
        {
            return NumberStatus.Invalid;
        }

        bool overflow = false;
        foreach (byte b in text)
        {
            if (!IsDigit(b))
            {
                return NumberStatus.Invalid;
            }

            uint digit = (uint)(b - '0');
            if (value > (ulong.MaxValue - digit) / 10)
            {
                overflow = true;
            }

            value = unchecked((value * 10) + digit);
        }

        return overflow ? NumberStatus.OutOfRange : NumberStatus.Ok;
    }

    /// <summary>Multiplies a timestamp in <paramref name="precision"/> units up to nanoseconds.</summary>
    public static bool TryScaleToNanoseconds(long timestamp, TimestampPrecision precision, out long nanoseconds)
    {
        long factor = precision switch
        {
            TimestampPrecision.Microseconds => 1_000,
            TimestampPrecision.Milliseconds => 1_000_000,
            TimestampPrecision.Seconds => 1_000_000_000,
            _ => 1,
        };
        nanoseconds = 0;
        if (timestamp > long.MaxValue / factor || timestamp < long.MinValue / factor)
        {
            return false;
        }

        nanoseconds = timestamp * factor;
        return true;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
