using System.Buffers;
using Engine.Storage.IO;

namespace Engine.Storage.Encoding;

/// <summary>
/// Encodes integer columns; unsigned columns use the same layouts on the same 64 bits
/// (see <see cref="UnsignedCodec"/>). Picks the smaller of:
/// <code>
///   IntegerDelta{Packed,Rans}   RestartValues: each frame's first value, then per frame the
///                               residuals value[i] - value[i-1] of all but its first sample
///                               (wrapping, so the full 64-bit range round-trips; see Residuals)
///   Raw64                       8 bytes per value (also the form of an empty column)
/// </code>
/// </summary>
public static class IntegerCodec
{
    [ThreadStatic] private static long[]? t_residuals;
    [ThreadStatic] private static long[]? t_restarts;
    [ThreadStatic] private static byte[]? t_encoded;

    public static ColumnEncoding Encode(ReadOnlySpan<long> values, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var n = values.Length;
        if (n == 0)
            return ColumnEncoding.Raw64;

        var shape = new FrameShape(n, Restarts: 1);
        var restarts = ScratchBuffer.Get(ref t_restarts, shape.FrameCount).AsSpan(0, shape.FrameCount);
        var residuals = ScratchBuffer.Get(ref t_residuals, n).AsSpan(0, shape.TotalResiduals);
        var r = 0;
        for (var i = 0; i < n; i++)
        {
            if (shape.IsRestart(i))
                restarts[i / Frames.Size] = values[i];
            else
                residuals[r++] = unchecked(values[i] - values[i - 1]);
        }

        var encoded = ScratchBuffer.Get(ref t_encoded, RestartValues.MaxEncodedLength(shape.FrameCount) + Residuals.MaxEncodedLength(n));
        var length = RestartValues.Write(restarts, encoded);
        length += Residuals.Encode(residuals, shape, encoded.AsSpan(length), out var rans);
        if (length >= Raw64.Length(n))
        {
            Raw64.Write(values, output);
            return ColumnEncoding.Raw64;
        }

        ScratchBuffer.CopyTo(encoded.AsSpan(0, length), output);
        return rans ? ColumnEncoding.IntegerDeltaRans : ColumnEncoding.IntegerDeltaPacked;
    }

    public static void Decode(ColumnEncoding encoding, ReadOnlySpan<byte> input, Span<long> output) =>
        DecodeRange(encoding, input, output.Length, 0, output);

    /// <summary>
    /// Decodes samples [<paramref name="from"/>, from + output.Length) of a column of
    /// <paramref name="count"/> samples, decoding only the frames they fall in.
    /// </summary>
    public static void DecodeRange(ColumnEncoding encoding, ReadOnlySpan<byte> input, int count, int from, Span<long> output)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from + output.Length, count);
        switch (encoding)
        {
            case ColumnEncoding.Raw64:
                Raw64.Read(input, count, from, output);
                break;
            case ColumnEncoding.IntegerDeltaPacked:
            case ColumnEncoding.IntegerDeltaRans:
                if (count == 0)
                    Corrupt.Throw("delta integers in an empty column");
                var frames = Frames.Count(count);
                Span<long> firsts = frames <= RestartValues.StackLimit ? stackalloc long[frames] : new long[frames];
                var position = 0;
                RestartValues.Read(input, ref position, firsts);
                var decoder = new DeltaFrames(encoding == ColumnEncoding.IntegerDeltaRans, input[position..], count, firsts);
                Frames.DecodeRange(ref decoder, count, from, output);
                break;
            default:
                Corrupt.UnknownEncoding(encoding, "integer");
                break;
        }
    }
}
