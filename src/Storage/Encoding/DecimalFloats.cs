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
///   RestartValues                    each frame's first m
///   bounded: varint zigzag(min m), varint (max m - min m)
///   residuals m[i] - m[i-1]          per frame, for all but its first sample: Residuals, or when
///                                    bounded the bounded form of RansResiduals (FloatDecimalRans only)
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
    [ThreadStatic] private static long[]? t_restarts;

    public static int MaxEncodedLength(int count) =>
        1 + RestartValues.MaxEncodedLength(Frames.Count(count)) + Residuals.MaxEncodedLength(count);

    /// <summary>Encodes mantissas in place: they are overwritten by their residuals.</summary>
    public static int Encode(Span<long> mantissas, int exponent, Span<byte> destination, out bool rans)
    {
        var (min, max, stays) = Bounds(mantissas);
        var shape = new FrameShape(mantissas.Length, Restarts: 1);
        var restarts = ScratchBuffer.Get(ref t_restarts, shape.FrameCount).AsSpan(0, shape.FrameCount);
        var residuals = ToResiduals(mantissas, shape, restarts);
        destination[0] = (byte)exponent;
        var header = 1 + RestartValues.Write(restarts, destination[1..]);
        var length = header + Residuals.Encode(residuals, shape, destination[header..], out rans);
        // Mantissas stay below 2^53 in magnitude, so max - min cannot wrap.
        if (stays < MinStaysForBounded)
            return length;

        var bounded = ScratchBuffer.Get(ref t_bounded, header + (2 * Varint.MaxBytes) + RansResiduals.MaxEncodedBoundedLength(residuals.Length));
        destination[..header].CopyTo(bounded);
        bounded[0] = (byte)(exponent | BoundedFlag);
        var boundedLength = header + Varint.Write(bounded.AsSpan(header), Varint.ZigZag(min));
        boundedLength += Varint.Write(bounded.AsSpan(boundedLength), unchecked((ulong)(max - min)));
        boundedLength += RansResiduals.EncodeBounded(residuals, shape, restarts, min, max, bounded.AsSpan(boundedLength));
        if (boundedLength >= length || boundedLength > destination.Length)
            return length;
        bounded.AsSpan(0, boundedLength).CopyTo(destination);
        rans = true;
        return boundedLength;
    }

    /// <summary>
    /// Moves each frame's first mantissa to <paramref name="restarts"/> and turns the others into
    /// deltas, in place, front to back; returns the deltas.
    /// </summary>
    private static Span<long> ToResiduals(Span<long> mantissas, FrameShape shape, Span<long> restarts)
    {
        var previous = 0L;
        var r = 0;
        for (var i = 0; i < mantissas.Length; i++)
        {
            var current = mantissas[i];
            if (shape.IsRestart(i))
                restarts[i / Frames.Size] = current;
            else
                mantissas[r++] = unchecked(current - previous);
            previous = current;
        }

        return mantissas[..r];
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

    /// <summary>
    /// Decodes samples [<paramref name="from"/>, from + output.Length) of a column of
    /// <paramref name="count"/> samples, decoding only the frames they fall in.
    /// </summary>
    public static void DecodeRange(bool rans, ReadOnlySpan<byte> input, int count, int from, Span<double> output)
    {
        if (count == 0 || input.IsEmpty)
            Corrupt.Throw("decimal floats: empty column");
        var exponent = input[0] & ~BoundedFlag;
        if (exponent > MaxExponent)
            Corrupt.Throw("decimal floats: exponent out of range");
        var position = 1;
        var frames = Frames.Count(count);
        Span<long> firsts = frames <= RestartValues.StackLimit ? stackalloc long[frames] : new long[frames];
        RestartValues.Read(input, ref position, firsts);
        var decoder = new DecimalFrames((input[0] & BoundedFlag) != 0
            ? OpenBounded(rans, input, position, count, firsts)
            : new DeltaFrames(rans, input[position..], count, firsts), PowersOfTen[exponent]);
        Frames.DecodeRange(ref decoder, count, from, output);
    }

    private static DeltaFrames OpenBounded(bool rans, ReadOnlySpan<byte> input, int position, int count, ReadOnlySpan<long> firsts)
    {
        if (!rans)
            Corrupt.Throw("decimal floats: bounded form outside rANS");
        var min = Varint.UnZigZag(Varint.Read(input, ref position));
        var range = Varint.Read(input, ref position);
        var max = unchecked(min + (long)range);
        if (range > long.MaxValue || max < min)
            Corrupt.Throw("decimal floats: bounds out of order");
        return new DeltaFrames(input[position..], count, firsts, min, max);
    }

    /// <summary>Mantissa frames turned into doubles: decoded into the output's own memory, then divided in place.</summary>
    private readonly ref struct DecimalFrames(DeltaFrames mantissas, double scale) : IFrameDecoder<double>
    {
        private readonly DeltaFrames _mantissas = mantissas;

        public void DecodeFrame(int frame, Span<double> output)
        {
            var values = MemoryMarshal.Cast<double, long>(output);
            _mantissas.DecodeFrame(frame, values);
            for (var i = 0; i < output.Length; i++)
                output[i] = values[i] / scale;
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
