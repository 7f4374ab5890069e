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
