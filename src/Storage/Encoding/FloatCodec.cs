using System.Buffers;
using System.Runtime.InteropServices;

namespace Engine.Storage.Encoding;

/// <summary>
/// Encodes float columns bit-exactly (NaN payloads, -0.0 and infinities included), picking the
/// smallest of the decimal-aware form (<see cref="DecimalFloats"/>, when every value is an exact
/// short decimal), Gorilla XOR (<see cref="GorillaXor"/>) and <see cref="ColumnEncoding.Raw64"/>
/// (the IEEE-754 bits, also the form of an empty column).
/// </summary>
public static class FloatCodec
{
    [ThreadStatic] private static long[]? t_mantissas;
    [ThreadStatic] private static byte[]? t_decimal;
    [ThreadStatic] private static byte[]? t_gorilla;

    public static ColumnEncoding Encode(ReadOnlySpan<double> values, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var n = values.Length;
        var bestEncoding = ColumnEncoding.Raw64;
        var bestLength = Raw64.Length(n);
        if (n == 0)
            return bestEncoding;

        var gorilla = ScratchBuffer.Get(ref t_gorilla, GorillaXor.MaxEncodedLength(n));
        var gorillaLength = GorillaXor.Encode(values, gorilla);
        if (gorillaLength < bestLength)
        {
            bestEncoding = ColumnEncoding.FloatGorilla;
            bestLength = gorillaLength;
        }

        var mantissas = ScratchBuffer.Get(ref t_mantissas, n).AsSpan(0, n);
        var decimalBytes = ScratchBuffer.Get(ref t_decimal, DecimalFloats.MaxEncodedLength(n));
        if (DecimalFloats.TryGetMantissas(values, mantissas, out var exponent))
        {
            var decimalLength = DecimalFloats.Encode(mantissas, exponent, decimalBytes, out var rans);
            if (decimalLength < bestLength)
            {
                ScratchBuffer.CopyTo(decimalBytes.AsSpan(0, decimalLength), output);
                return rans ? ColumnEncoding.FloatDecimalRans : ColumnEncoding.FloatDecimalPacked;
            }
        }

        if (bestEncoding == ColumnEncoding.FloatGorilla)
            ScratchBuffer.CopyTo(gorilla.AsSpan(0, gorillaLength), output);
        else
            Raw64.Write(MemoryMarshal.Cast<double, long>(values), output);
        return bestEncoding;
    }

    public static void Decode(ColumnEncoding encoding, ReadOnlySpan<byte> input, Span<double> output) =>
        DecodeRange(encoding, input, output.Length, 0, output);

    /// <summary>
    /// Decodes samples [<paramref name="from"/>, from + output.Length) of a column of
    /// <paramref name="count"/> samples, decoding only the frames they fall in.
    /// </summary>
    public static void DecodeRange(ColumnEncoding encoding, ReadOnlySpan<byte> input, int count, int from, Span<double> output)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from + output.Length, count);
        switch (encoding)
        {
            case ColumnEncoding.Raw64:
                Raw64.Read(input, count, from, MemoryMarshal.Cast<double, long>(output));
                break;
            case ColumnEncoding.FloatGorilla:
                GorillaXor.DecodeRange(input, count, from, output);
                break;
            case ColumnEncoding.FloatDecimalPacked:
            case ColumnEncoding.FloatDecimalRans:
                DecimalFloats.DecodeRange(encoding == ColumnEncoding.FloatDecimalRans, input, count, from, output);
                break;
            default:
                Corrupt.UnknownEncoding(encoding, "float");
                break;
        }
    }
}
