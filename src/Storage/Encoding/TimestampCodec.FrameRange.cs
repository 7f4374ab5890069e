using System.Buffers.Binary;

namespace Engine.Storage.Encoding;

public static partial class TimestampCodec
{
    /// <summary>
    /// The samples of the frames that may hold times in [<paramref name="startNs"/>, <paramref name="endNs"/>)
    /// in a column of <paramref name="count"/> ascending timestamps, found from the frames' first
    /// timestamps alone: decoding [From, To) and trimming it yields every sample in the range.
    /// </summary>
    public static (int From, int To) FrameRange(ColumnEncoding encoding, ReadOnlySpan<byte> input, int count, long startNs, long endNs)
    {
        var frames = Frames.Count(count);
        Span<long> starts = frames <= RestartValues.StackLimit ? stackalloc long[frames] : new long[frames];
        ReadFrameStarts(encoding, input, count, starts);
        // Frame k holds times from starts[k] up to the next frame's start.
        var first = 0;
        while (first + 1 < frames && starts[first + 1] <= startNs)
            first++;
        var end = first;
        while (end < frames && starts[end] < endNs)
            end++;
        return end <= first ? (0, 0) : (first * Frames.Size, Math.Min(end * Frames.Size, count));
    }

    /// <summary>
    /// Decodes samples [<paramref name="from"/>, from + output.Length) like <see cref="DecodeRange"/>,
    /// <paramref name="from"/> being a frame's first sample, but stops once it has decoded a
    /// timestamp at or after <paramref name="endNs"/>; returns how many samples it decoded (a
    /// prefix of the output). In an ascending column, every sample before endNs is among them, so
    /// a short range costs the part of its frame up to the range's end rather than the whole frame.
    /// </summary>
    public static int DecodeUntil(ColumnEncoding encoding, ReadOnlySpan<byte> input, int count, int from, long endNs, Span<long> output)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from + output.Length, count);
        ArgumentOutOfRangeException.ThrowIfNotEqual(from % Frames.Size, 0);
        if (encoding is not (ColumnEncoding.TimestampDeltaOfDeltaPacked or ColumnEncoding.TimestampDeltaOfDeltaRans))
        {
            // Raw and regular columns cost next to nothing per sample.
            DecodeRange(encoding, input, count, from, output);
            return output.Length;
        }

        return DecodeDeltaOfDelta(encoding, input, count, from, output, endNs);
    }

    /// <summary>
    /// Decodes a delta-of-delta column's samples from <paramref name="from"/> on; given
    /// <paramref name="stopAt"/> (then <paramref name="from"/> starts a frame), only until a
    /// timestamp at or after it. Returns how many samples were decoded.
    /// </summary>
    private static int DecodeDeltaOfDelta(ColumnEncoding encoding, ReadOnlySpan<byte> input, int count, int from, Span<long> output, long? stopAt)
    {
        var frames = Frames.Count(count);
        Span<long> restarts = frames <= RestartValues.StackLimit ? stackalloc long[2 * frames] : new long[2 * frames];
        var position = 0;
        var decoder = new DeltaOfDeltaFrames(encoding == ColumnEncoding.TimestampDeltaOfDeltaRans, input, count, restarts, ref position);
        if (stopAt is not { } end)
        {
            Frames.DecodeRange(ref decoder, count, from, output);
            return output.Length;
        }

        var decoded = 0;
        for (var frame = from / Frames.Size; decoded < output.Length; frame++)
        {
            var wanted = Math.Min(Frames.Length(frame, count), output.Length - decoded);
            var got = decoder.DecodeFrame(frame, output.Slice(decoded, wanted), end);
            decoded += got;
            if (got < wanted || output[decoded - 1] >= end)
                break;
        }

        return decoded;
    }

    private static void ReadFrameStarts(ColumnEncoding encoding, ReadOnlySpan<byte> input, int count, Span<long> starts)
    {
        switch (encoding)
        {
            case ColumnEncoding.Raw64:
                if (input.Length != Raw64.Length(count))
                    Corrupt.Throw($"raw column holds {input.Length} bytes, expected {Raw64.Length(count)}");
                for (var k = 0; k < starts.Length; k++)
                    starts[k] = BinaryPrimitives.ReadInt64LittleEndian(input[Raw64.Length(k * Frames.Size)..]);
                break;
            case ColumnEncoding.TimestampRegular:
                var (first, interval) = ReadRegular(input);
                for (var k = 0; k < starts.Length; k++)
                    starts[k] = unchecked(first + ((long)k * Frames.Size * interval));
                break;
            case ColumnEncoding.TimestampDeltaOfDeltaPacked:
            case ColumnEncoding.TimestampDeltaOfDeltaRans:
                var position = 0;
                RestartValues.Read(input, ref position, starts);
                break;
            default:
                Corrupt.UnknownEncoding(encoding, "timestamp");
                break;
        }
    }
}
