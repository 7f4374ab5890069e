using System.Buffers;
using Engine.Storage.IO;

namespace Engine.Storage.Encoding;

/// <summary>
/// Encodes integer columns; unsigned columns use the same layouts on the same 64 bits
/// (see <see cref="UnsignedCodec"/>). Picks the smaller of:
/// <code>
///   IntegerDelta{Packed,Rans}   varint zigzag(first), then n-1 residuals value[i] - value[i-1]
///                               (wrapping, so the full 64-bit range round-trips; see Residuals)
///   Raw64                       8 bytes per value (also the form of an empty column)
/// </code>
/// </summary>
public static class IntegerCodec
{
    [ThreadStatic] private static long[]? t_residuals;
    [ThreadStatic] private static byte[]? t_encoded;

    public static ColumnEncoding Encode(ReadOnlySpan<long> values, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var n = values.Length;
        if (n == 0)
            return ColumnEncoding.Raw64;

        var residuals = ScratchBuffer.Get(ref t_residuals, n).AsSpan(0, n - 1);
        for (var i = 1; i < n; i++)
            residuals[i - 1] = unchecked(values[i] - values[i - 1]);

        var encoded = ScratchBuffer.Get(ref t_encoded, Varint.MaxBytes + Residuals.MaxEncodedLength(n));
        var length = Varint.Write(encoded, Varint.ZigZag(values[0]));
        length += Residuals.Encode(residuals, encoded.AsSpan(length), out var rans);
        if (length >= Raw64.Length(n))
        {
            Raw64.Write(values, output);
            return ColumnEncoding.Raw64;
        }

        ScratchBuffer.CopyTo(encoded.AsSpan(0, length), output);
        return rans ? ColumnEncoding.IntegerDeltaRans : ColumnEncoding.IntegerDeltaPacked;
    }

    public static void Decode(ColumnEncoding encoding, ReadOnlySpan<byte> input, Span<long> output)
    {
        switch (encoding)
        {
            case ColumnEncoding.Raw64:
                Raw64.Read(input, output);
                break;
            case ColumnEncoding.IntegerDeltaPacked:
            case ColumnEncoding.IntegerDeltaRans:
                DecodeDelta(encoding == ColumnEncoding.IntegerDeltaRans, input, output);
                break;
            default:
                Corrupt.UnknownEncoding(encoding, "integer");
                break;
        }
    }

    private static void DecodeDelta(bool rans, ReadOnlySpan<byte> input, Span<long> output)
    {
        if (output.IsEmpty)
            Corrupt.Throw("delta integers in an empty column");
        var position = 0;
        var value = Varint.UnZigZag(Varint.Read(input, ref position));
        Residuals.Decode(rans, input[position..], output[1..]);
        output[0] = value;
        for (var i = 1; i < output.Length; i++)
        {
            value = unchecked(value + output[i]);
            output[i] = value;
        }
    }
}
