using System.Numerics;
using Engine.Storage.IO;

namespace Engine.Storage.Encoding;

/// <summary>
/// <see cref="ColumnEncoding.FloatGorilla"/>: Facebook Gorilla XOR compression of the IEEE-754
/// bits. Each frame is a stream of its own, so it decodes without the frames before it:
/// <code>
///   per frame: varint byte length, then an LSB-first bit stream (see <see cref="BitWriter"/>),
///   zero-padded to a byte:
///   64 bits  first value
///   per following value, x = bits XOR previous bits:
///     1 bit  0                                   x == 0
///     2 bits 1,0 then (window length) bits       x fits the previous window of meaningful bits
///     2 bits 1,1 then 6 bits leading zeros (0..63), 6 bits window length - 1 (1..64),
///            then (window length) bits           opens a new window
/// </code>
/// Unlike the paper, leading zeros take 6 bits (no cap at 31), so a window is always exact.
/// </summary>
internal static class GorillaXor
{
    // A new window header costs 12 bits; reusing a wider old one is worth it below that waste.
    private const int NewWindowHeaderBits = 12;

    [ThreadStatic] private static byte[]? t_frame;

    public static int MaxEncodedLength(int count) => (Frames.Count(count) * (Varint.MaxBytes + 8)) + (10 * count);

    public static int Encode(ReadOnlySpan<double> values, Span<byte> destination)
    {
        var frame = ScratchBuffer.Get(ref t_frame, MaxEncodedLength(Frames.Size));
        var length = 0;
        for (var start = 0; start < values.Length; start += Frames.Size)
        {
            var frameLength = EncodeFrame(values.Slice(start, Frames.Length(start / Frames.Size, values.Length)), frame);
            length += Varint.Write(destination[length..], (ulong)frameLength);
            frame.AsSpan(0, frameLength).CopyTo(destination[length..]);
            length += frameLength;
        }

        return length;
    }

    private static int EncodeFrame(ReadOnlySpan<double> values, Span<byte> destination)
    {
        var writer = new BitWriter(destination);
        if (values.IsEmpty)
            return 0;
        var previous = BitConverter.DoubleToUInt64Bits(values[0]);
        writer.Write(previous, 64);
        var windowLeading = -1;
        var windowLength = 0;
        for (var i = 1; i < values.Length; i++)
        {
            var bits = BitConverter.DoubleToUInt64Bits(values[i]);
            var x = bits ^ previous;
            previous = bits;
            if (x == 0)
            {
                writer.Write(0, 1);
                continue;
            }

            var leading = BitOperations.LeadingZeroCount(x);
            var trailing = BitOperations.TrailingZeroCount(x);
            var length = 64 - leading - trailing;
            var fitsWindow = windowLeading >= 0 && leading >= windowLeading
                && trailing >= 64 - windowLeading - windowLength;
            if (fitsWindow && windowLength - length < NewWindowHeaderBits)
            {
                writer.Write(0b01, 2); // bits 1,0 in stream order
                writer.Write(x >> (64 - windowLeading - windowLength), windowLength);
                continue;
            }

            windowLeading = leading;
            windowLength = length;
            writer.Write(0b11, 2);
            writer.Write((ulong)leading, 6);
            writer.Write((ulong)(length - 1), 6);
            writer.Write(x >> trailing, length);
        }

        return writer.Finish();
    }

    /// <summary>
    /// Decodes samples [<paramref name="from"/>, from + output.Length) of a column of
    /// <paramref name="count"/> samples, decoding only the frames they fall in.
    /// </summary>
    public static void DecodeRange(ReadOnlySpan<byte> input, int count, int from, Span<double> output)
    {
        var column = new Column(input, count);
        Frames.DecodeRange(ref column, count, from, output);
    }

    /// <summary>A column opened for decoding any of its frames, checked to account for every byte.</summary>
    private readonly ref struct Column : IFrameDecoder<double>
    {
        private readonly ReadOnlySpan<byte> _input;
        private readonly int _count;

        public Column(ReadOnlySpan<byte> input, int count)
        {
            _input = input;
            _count = count;
            if (Locate(Frames.Count(count), out _) != input.Length)
                Corrupt.Throw("gorilla floats: frames do not account for the column");
        }

        public void DecodeFrame(int frame, Span<double> output)
        {
            Locate(frame, out var stream);
            DecodeStream(stream, output, whole: output.Length == Frames.Length(frame, _count));
        }

        /// <summary>Finds frame <paramref name="frame"/>'s stream; returns where it ends.</summary>
        private int Locate(int frame, out ReadOnlySpan<byte> stream)
        {
            stream = default;
            var position = 0;
            for (var k = 0; k <= frame && k < Frames.Count(_count); k++)
            {
                var length = Varint.Read(_input, ref position);
                if (length > (ulong)(_input.Length - position))
                    Corrupt.Throw("gorilla floats: frame length out of range");
                stream = _input.Slice(position, (int)length);
                position += (int)length;
            }

            return position;
        }
    }

    private static void DecodeStream(ReadOnlySpan<byte> input, Span<double> output, bool whole)
    {
        var reader = new BitReader(input);
        var previous = reader.Read(64);
        output[0] = BitConverter.UInt64BitsToDouble(previous);
        var windowLeading = -1;
        var windowLength = 0;
        for (var i = 1; i < output.Length; i++)
        {
            if (reader.ReadBit())
            {
                if (reader.ReadBit())
                {
                    windowLeading = (int)reader.Read(6);
                    windowLength = (int)reader.Read(6) + 1;
                    if (windowLeading + windowLength > 64)
                        Corrupt.Throw("gorilla window wider than 64 bits");
                }
                else if (windowLeading < 0)
                {
                    Corrupt.Throw("gorilla reuses a window before opening one");
                }

                previous ^= reader.Read(windowLength) << (64 - windowLeading - windowLength);
            }

            output[i] = BitConverter.UInt64BitsToDouble(previous);
        }

        if (whole)
            reader.EnsureFullyConsumed("gorilla floats");
    }
}
