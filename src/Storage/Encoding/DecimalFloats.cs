using System.Runtime.InteropServices;
using Engine.Storage.IO;

namespace Engine.Storage.Encoding;

/// <summary>
/// <see cref="ColumnEncoding.FloatDecimalPacked"/> and <see cref="ColumnEncoding.FloatDecimalRans"/>:
/// columns whose every value is exactly the double nearest to m / 10^e for one exponent e (0..15)
/// and integers m, which is what parsing "58.12" or "7" yields. The integers are stored as deltas,
/// so a slowly moving gauge costs about the entropy of its steps:
/// <code>
///   byte     e | bounded << 7        e is 0..15, bits 4..6 are zero
///   varint   zigzag(m[0])
///   bounded: varint zigzag(min m), varint (max m - min m)
///   residuals m[i] - m[i-1]          n-1 of them: Residuals, or when bounded the bounded form of
///                                    RansResiduals (FloatDecimalRans only)
/// </code>
/// The bounded form pays for columns clamped to a range that sit at its ends for a while.
/// Decoding computes m / 10^e with one IEEE division, which is correctly rounded, so it returns
/// the very double the parser produced. The encoder verifies every value bit for bit, so -0.0,
/// NaN and ±Inf (and values merely close to a decimal) make the column ineligible.
/// </summary>
internal static class DecimalFloats
{
    public const int MaxExponent = 15;

    // Integers up to 2^53 convert to double exactly, so the division sees the true m.
    private const double MaxMantissa = 9007199254740992.0;

    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];

    /// <summary>
    /// Finds the smallest exponent at which every value is exactly m / 10^e and fills
    /// <paramref name="mantissas"/>; false when there is none.
    /// </summary>
    public static bool TryGetMantissas(ReadOnlySpan<double> values, Span<long> mantissas, out int exponent)
    {
        // A value exact at e is exact at every larger e (same real quotient, still correctly
        // rounded), so the exponent only ever grows and earlier values need rescaling only once.
        exponent = 0;
        for (var i = 0; i < values.Length; i++)
        {
            while (!TryScale(values[i], exponent, out mantissas[i]))
            {
                if (++exponent > MaxExponent)
                    return false;
            }
        }

        if (exponent == 0)
            return true;
        for (var i = 0; i < values.Length; i++)
        {
            if (!TryScale(values[i], exponent, out mantissas[i]))
                return false;
        }

        return true;
    }

    private const byte BoundedFlag = 0x80;

    // The bounded form needs repeated values at a bound to win back its header.
    private const int MinStaysForBounded = 8;

    [ThreadStatic] private static byte[]? t_bounded;

    public static int MaxEncodedLength(int count) => 1 + Varint.MaxBytes + Residuals.MaxEncodedLength(count);

    /// <summary>Encodes mantissas in place: they are overwritten by their deltas.</summary>
    public static int Encode(Span<long> mantissas, int exponent, Span<byte> destination, out bool rans)
    {
        var first = mantissas[0];
        var (min, max, stays) = Bounds(mantissas);
        destination[0] = (byte)exponent;
        var header = 1 + Varint.Write(destination[1..], Varint.ZigZag(first));
        for (var i = mantissas.Length - 1; i > 0; i--)
            mantissas[i] = unchecked(mantissas[i] - mantissas[i - 1]);
        var deltas = mantissas[1..];
        var length = header + Residuals.Encode(deltas, destination[header..], out rans);
        // Mantissas stay below 2^53 in magnitude, so max - min cannot wrap.
        if (stays < MinStaysForBounded)
            return length;

        var bounded = ScratchBuffer.Get(ref t_bounded, (3 * Varint.MaxBytes) + 1 + RansResiduals.MaxEncodedBoundedLength(deltas.Length));
        bounded[0] = (byte)(exponent | BoundedFlag);
        var boundedLength = 1 + Varint.Write(bounded.AsSpan(1), Varint.ZigZag(first));
        boundedLength += Varint.Write(bounded.AsSpan(boundedLength), Varint.ZigZag(min));
        boundedLength += Varint.Write(bounded.AsSpan(boundedLength), unchecked((ulong)(max - min)));
        boundedLength += RansResiduals.EncodeBounded(deltas, first, min, max, bounded.AsSpan(boundedLength));
        if (boundedLength >= length || boundedLength > destination.Length)
            return length;
        bounded.AsSpan(0, boundedLength).CopyTo(destination);
        rans = true;
        return boundedLength;
    }

    /// <summary>The column's min and max, and how often a value at one of them repeats at once.</summary>
    private static (long Min, long Max, int Stays) Bounds(ReadOnlySpan<long> mantissas)
    {
        var min = mantissas[0];
        var max = mantissas[0];
        foreach (var m in mantissas)
        {
            min = Math.Min(min, m);
            max = Math.Max(max, m);
        }

        var stays = 0;
        for (var i = 1; i < mantissas.Length; i++)
        {
            var m = mantissas[i];
            if (m == mantissas[i - 1] && (m == min || m == max))
                stays++;
        }

        return (min, max, stays);
    }

    public static void Decode(bool rans, ReadOnlySpan<byte> input, Span<double> output)
    {
        if (output.IsEmpty || input.IsEmpty)
            Corrupt.Throw("decimal floats: empty column");
        var exponent = input[0] & ~BoundedFlag;
        if (exponent > MaxExponent)
            Corrupt.Throw("decimal floats: exponent out of range");
        var position = 1;
        var mantissa = Varint.UnZigZag(Varint.Read(input, ref position));
        var scale = PowersOfTen[exponent];
        output[0] = mantissa / scale;
        // Residuals (or values) are decoded into the output's own memory, then turned into doubles in place.
        var deltas = MemoryMarshal.Cast<double, long>(output);
        if ((input[0] & BoundedFlag) != 0)
        {
            DecodeBounded(rans, input, position, mantissa, deltas[1..]);
            for (var i = 1; i < output.Length; i++)
                output[i] = deltas[i] / scale;
            return;
        }

        Residuals.Decode(rans, input[position..], deltas[1..]);
        for (var i = 1; i < output.Length; i++)
        {
            mantissa = unchecked(mantissa + deltas[i]);
            output[i] = mantissa / scale;
        }
    }

    private static void DecodeBounded(bool rans, ReadOnlySpan<byte> input, int position, long first, Span<long> values)
    {
        if (!rans)
            Corrupt.Throw("decimal floats: bounded form outside rANS");
        var min = Varint.UnZigZag(Varint.Read(input, ref position));
        var range = Varint.Read(input, ref position);
        var max = unchecked(min + (long)range);
        if (range > long.MaxValue || max < min || first < min || first > max)
            Corrupt.Throw("decimal floats: bounds out of order");
        RansResiduals.DecodeBounded(input[position..], first, min, max, values);
    }

    private static bool TryScale(double value, int exponent, out long mantissa)
    {
        var scale = PowersOfTen[exponent];
        var scaled = value * scale;
        if (!(Math.Abs(scaled) < MaxMantissa)) // also rejects NaN and ±Inf
        {
            mantissa = 0;
            return false;
        }

        mantissa = (long)Math.Round(scaled);
        return BitConverter.DoubleToInt64Bits(mantissa / scale) == BitConverter.DoubleToInt64Bits(value);
    }
}
