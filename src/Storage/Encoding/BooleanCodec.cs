using System.Buffers;

namespace Engine.Storage.Encoding;

/// <summary>
/// Encodes boolean columns (<see cref="bool"/> per sample):
/// <code>
///   BooleanConstant   1 byte: 0 or 1, the value of every sample (n &gt;= 1)
///   BooleanBitPacked  ceil(n/8) bytes, sample i in bit (i % 8) of byte (i / 8), padding bits zero
/// </code>
/// An empty column is BooleanBitPacked with no bytes. Any sample is found directly: no frames.
/// </summary>
public static class BooleanCodec
{
    public static ColumnEncoding Encode(ReadOnlySpan<bool> values, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (values.Length > 1 && !values[1..].ContainsAnyExcept(values[0]))
        {
            output.GetSpan(1)[0] = values[0] ? (byte)1 : (byte)0;
            output.Advance(1);
            return ColumnEncoding.BooleanConstant;
        }

        var length = (values.Length + 7) >> 3;
        var destination = output.GetSpan(length)[..length];
        destination.Clear();
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i])
                destination[i >> 3] |= (byte)(1 << (i & 7));
        }

        output.Advance(length);
        return ColumnEncoding.BooleanBitPacked;
    }

    public static void Decode(ColumnEncoding encoding, ReadOnlySpan<byte> input, Span<bool> output) =>
        DecodeRange(encoding, input, output.Length, 0, output);

    /// <summary>
    /// Decodes samples [<paramref name="from"/>, from + output.Length) of a column of
    /// <paramref name="count"/> samples; both forms find any sample directly, so they need no frames.
    /// </summary>
    public static void DecodeRange(ColumnEncoding encoding, ReadOnlySpan<byte> input, int count, int from, Span<bool> output)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from + output.Length, count);
        switch (encoding)
        {
            case ColumnEncoding.BooleanConstant:
                if (input.Length != 1 || input[0] > 1 || count == 0)
                    Corrupt.Throw("constant booleans: expected one byte 0 or 1");
                output.Fill(input[0] == 1);
                break;
            case ColumnEncoding.BooleanBitPacked:
                DecodeBitPacked(input, count, from, output);
                break;
            default:
                Corrupt.UnknownEncoding(encoding, "boolean");
                break;
        }
    }

    private static void DecodeBitPacked(ReadOnlySpan<byte> input, int count, int from, Span<bool> output)
    {
        if (input.Length != (count + 7) >> 3)
            Corrupt.Throw($"bit-packed booleans: {input.Length} bytes for {count} samples");
        var padding = count & 7;
        if (padding != 0 && input[^1] >> padding != 0)
            Corrupt.Throw("bit-packed booleans: padding bits set");
        for (var i = 0; i < output.Length; i++)
        {
            var bit = from + i;
            output[i] = (input[bit >> 3] & (1 << (bit & 7))) != 0;
        }
    }
}
