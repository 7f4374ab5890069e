namespace Engine.Storage.Encoding;

/// <summary>
/// Columns are cut into frames of <see cref="Size"/> samples (the last one shorter), each decodable
/// on its own from restart values kept per frame, so that a read of a short time range decodes a
/// frame or two instead of the whole chunk. 2,048 samples keep the per-frame restart cost of the
/// cpu dataset (about 10 bytes a frame) under half a percent, and a frame decodes in about 10 µs.
/// </summary>
internal static class Frames
{
    public const int Size = 2048;

    public static int Count(int samples) => (samples + Size - 1) / Size;

    public static int Length(int frame, int samples) => Math.Min(Size, samples - (frame * Size));

    /// <summary>
    /// Decodes samples [<paramref name="from"/>, from + output.Length) of a column of
    /// <paramref name="count"/> samples, frame by frame: frames wholly inside the range straight
    /// into <paramref name="output"/>, the frame cut by the range's start through a scratch buffer,
    /// and the frame cut by its end only as far as needed.
    /// </summary>
    public static void DecodeRange<T, TFrames>(scoped ref TFrames frames, int count, int from, Span<T> output)
        where TFrames : IFrameDecoder<T>, allows ref struct
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from + output.Length, count);
        var to = from + output.Length;
        for (var frame = from / Size; frame * Size < to; frame++)
        {
            var start = frame * Size;
            var wanted = Math.Min(to, start + Length(frame, count)) - start;
            if (start >= from)
            {
                frames.DecodeFrame(frame, output.Slice(start - from, wanted));
                continue;
            }

            var scratch = FrameScratch<T>.Get().AsSpan(0, wanted);
            frames.DecodeFrame(frame, scratch);
            scratch[(from - start)..].CopyTo(output);
        }
    }

    /// <summary>A frame-sized buffer per thread and element type, for frames only partly wanted.</summary>
    private static class FrameScratch<T>
    {
        [ThreadStatic] private static T[]? t_buffer;

        public static T[] Get() => t_buffer ??= new T[Size];
    }
}

/// <summary>
/// A column parsed far enough to decode any one frame. <see cref="DecodeFrame"/> fills a prefix
/// of the frame (output.Length samples, at most the frame's length); only a whole frame is checked
/// for ending exactly where it was written.
/// </summary>
internal interface IFrameDecoder<T>
{
    void DecodeFrame(int frame, Span<T> output);
}
