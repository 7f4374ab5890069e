using System.Runtime.InteropServices;

namespace Engine.Storage.Encoding;

/// <summary>
/// <see cref="ColumnEncoding.FloatDecimalPacked"/> and <see cref="ColumnEncoding.FloatDecimalRans"/>:
/// columns whose every value is exactly the double nearest to m / 10^e for one exponent e (0..15)
/// and integers m, which is what parsing "58.12" or "7" yields. The integers are stored as deltas,
/// so a slowly moving gauge costs about the entropy of its steps:
/// <code>
///   byte     e                      0..15
///   varint   zigzag(m[0])
///   residuals m[i] - m[i-1]         n-1 of them (see Residuals)
/// </code>
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

    public static int MaxEncodedLength(int count) => 1 + VarInt.MaxLength + Residuals.MaxEncodedLength(count);

    /// <summary>Encodes mantissas in place: they are overwritten by their deltas.</summary>
    public static int Encode(Span<long> mantissas, int exponent, Span<byte> destination, out bool rans)
    {
        destination[0] = (byte)exponent;
        var length = 1 + VarInt.Write(destination[1..], VarInt.ZigZag(mantissas[0]));
        for (var i = mantissas.Length - 1; i > 0; i--)
            mantissas[i] = unchecked(mantissas[i] - mantissas[i - 1]);
        return length + Residuals.Encode(mantissas[1..], destination[length..], out rans);
    }

    public static void Decode(bool rans, ReadOnlySpan<byte> input, Span<double> output)
    {
        if (output.IsEmpty || input.IsEmpty)
            Corrupt.Throw("decimal floats: empty column");
        int exponent = input[0];
        if (exponent > MaxExponent)
            Corrupt.Throw("decimal floats: exponent out of range");
        var position = 1;
        var mantissa = VarInt.UnZigZag(VarInt.Read(input, ref position));
        // Residuals are decoded into the output's own memory, then turned into doubles in place.
        var deltas = MemoryMarshal.Cast<double, long>(output);
        Residuals.Decode(rans, input[position..], deltas[1..]);
        var scale = PowersOfTen[exponent];
        output[0] = mantissa / scale;
        for (var i = 1; i < output.Length; i++)
        {
            mantissa = unchecked(mantissa + deltas[i]);
            output[i] = mantissa / scale;
        }
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
