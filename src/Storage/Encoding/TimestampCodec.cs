using System.Buffers;
using Engine.Storage.IO;

namespace Engine.Storage.Encoding;

/// <summary>
/// Encodes a chunk's timestamps (ns since the epoch; sorted ascending in practice, but any
/// sequence round-trips: all arithmetic wraps modulo 2^64). Picks the smallest of:
/// <code>
///   TimestampRegular                  varint zigzag(first), varint zigzag(interval)
///                                     every delta equal (always so for n &lt;= 2): a few bytes in all
///   TimestampDeltaOfDelta{Packed,Rans} RestartValues: each frame's first timestamp (the frame index)
///                                     RestartValues: each frame's first delta (0 for a one-sample frame)
///                                     byte k (0..18): every residual is a multiple of 10^k,
///                                     then per frame its residuals (delta[i] - delta[i-1]) / 10^k
///                                     for all but its first two samples (see Residuals)
///   Raw64                             8 bytes per timestamp (also the form of an empty column)
/// </code>
/// Every form finds a frame's first timestamp without decoding (see <see cref="FrameRange"/>).
/// Dividing by 10^k removes the always-zero low digits of timestamps taken in ms or µs but stored
/// in ns (about 10 bits per sample at µs). The division is exact, so multiplying back cannot wrap.
/// </summary>
public static partial class TimestampCodec
{
    private const int MaxScaleExponent = 18;

    // Samples decoded between checks for a range's end (DecodeUntil): small next to a frame,
    // large enough that the decoding loop runs uninterrupted.
    private const int StopStep = 64;

    private static readonly long[] PowersOfTen =
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
        10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000,
        1_000_000_000_000_000, 10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000,
    ];

    [ThreadStatic] private static long[]? t_residuals;
    [ThreadStatic] private static long[]? t_restarts;
    [ThreadStatic] private static byte[]? t_encoded;

    public static ColumnEncoding Encode(ReadOnlySpan<long> timestamps, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var n = timestamps.Length;
        if (n == 0)
            return ColumnEncoding.Raw64;

        var shape = new FrameShape(n, Restarts: 2);
        var residuals = ScratchBuffer.Get(ref t_residuals, n).AsSpan(0, shape.TotalResiduals);
        var regular = true;
        var r = 0;
        for (var i = 2; i < n; i++)
        {
            var dod = unchecked(timestamps[i] - timestamps[i - 1] - (timestamps[i - 1] - timestamps[i - 2]));
            regular &= dod == 0;
            if (!shape.IsRestart(i))
                residuals[r++] = dod;
        }

        var encoded = ScratchBuffer.Get(ref t_encoded, 1 + (2 * RestartValues.MaxEncodedLength(shape.FrameCount)) + Residuals.MaxEncodedLength(n));
        int length;
        var encoding = ColumnEncoding.TimestampRegular;
        if (regular)
        {
            length = Varint.Write(encoded, Varint.ZigZag(timestamps[0]));
            length += Varint.Write(encoded.AsSpan(length), Varint.ZigZag(n > 1 ? unchecked(timestamps[1] - timestamps[0]) : 0));
        }
        else
        {
            length = WriteFrameRestarts(timestamps, shape.FrameCount, encoded);
            var exponent = ScaleDown(residuals);
            encoded[length++] = (byte)exponent;
            length += Residuals.Encode(residuals, shape, encoded.AsSpan(length), out var rans);
            encoding = rans ? ColumnEncoding.TimestampDeltaOfDeltaRans : ColumnEncoding.TimestampDeltaOfDeltaPacked;
        }

        if (length >= Raw64.Length(n))
        {
            Raw64.Write(timestamps, output);
            return ColumnEncoding.Raw64;
        }

        ScratchBuffer.CopyTo(encoded.AsSpan(0, length), output);
        return encoding;
    }

    /// <summary>Writes each frame's first timestamp, then each frame's first delta.</summary>
    private static int WriteFrameRestarts(ReadOnlySpan<long> timestamps, int frames, Span<byte> destination)
    {
        var restarts = ScratchBuffer.Get(ref t_restarts, frames).AsSpan(0, frames);
        for (var k = 0; k < frames; k++)
            restarts[k] = timestamps[k * Frames.Size];
        var length = RestartValues.Write(restarts, destination);
        for (var k = 0; k < frames; k++)
        {
            var start = k * Frames.Size;
            restarts[k] = start + 1 < timestamps.Length ? unchecked(timestamps[start + 1] - timestamps[start]) : 0;
        }

        return length + RestartValues.Write(restarts, destination[length..]);
    }

    /// <summary>
    /// Decodes <paramref name="output"/>.Length timestamps; throws <see cref="CorruptDataException"/>
    /// when <paramref name="input"/> is not a valid column of that many samples.
    /// </summary>
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
            case ColumnEncoding.TimestampRegular:
                var (first, interval) = ReadRegular(input);
                var t = unchecked(first + (from * interval));
                for (var i = 0; i < output.Length; i++, t = unchecked(t + interval))
                    output[i] = t;
                break;
            case ColumnEncoding.TimestampDeltaOfDeltaPacked:
            case ColumnEncoding.TimestampDeltaOfDeltaRans:
                DecodeDeltaOfDelta(encoding, input, count, from, output, stopAt: null);
                break;
            default:
                Corrupt.UnknownEncoding(encoding, "timestamp");
                break;
        }
    }

    /// <summary>Divides every residual by the largest 10^k dividing them all; returns k.</summary>
    private static int ScaleDown(Span<long> residuals)
    {
        var exponent = MaxScaleExponent;
        foreach (var r in residuals)
        {
            while (exponent > 0 && r % PowerOfTen(exponent) != 0)
                exponent--;
            if (exponent == 0)
                return 0;
        }

        var scale = PowerOfTen(exponent);
        for (var i = 0; i < residuals.Length; i++)
            residuals[i] /= scale;
        return exponent;
    }

    private static long PowerOfTen(int exponent) => PowersOfTen[exponent];

    private static (long First, long Interval) ReadRegular(ReadOnlySpan<byte> input)
    {
        var position = 0;
        var first = Varint.UnZigZag(Varint.Read(input, ref position));
        var interval = Varint.UnZigZag(Varint.Read(input, ref position));
        if (position != input.Length)
            Corrupt.Throw("regular timestamps: trailing bytes");
        return (first, interval);
    }

    /// <summary>A delta-of-delta column opened for decoding any of its frames.</summary>
    private readonly ref struct DeltaOfDeltaFrames : IFrameDecoder<long>
    {
        private readonly ReadOnlySpan<long> _firsts;
        private readonly ReadOnlySpan<long> _deltas;
        private readonly long _scale;
        private readonly Residuals.Column _residuals;

        /// <summary>Reads the restart lists into <paramref name="restarts"/> (two per frame) and opens the residuals.</summary>
        public DeltaOfDeltaFrames(bool rans, ReadOnlySpan<byte> input, int count, Span<long> restarts, ref int position)
        {
            var frames = restarts.Length / 2;
            RestartValues.Read(input, ref position, restarts[..frames]);
            RestartValues.Read(input, ref position, restarts[frames..]);
            _firsts = restarts[..frames];
            _deltas = restarts[frames..];
            if (position >= input.Length || input[position] > MaxScaleExponent)
                Corrupt.Throw("delta-of-delta timestamps: scale exponent missing or out of range");
            _scale = PowerOfTen(input[position++]);
            _residuals = new Residuals.Column(rans, input[position..], new FrameShape(count, Restarts: 2));
        }

        public void DecodeFrame(int frame, Span<long> output) => DecodeFrame(frame, output, stopAt: null);

        /// <summary>
        /// Decodes a prefix of frame <paramref name="frame"/> into <paramref name="output"/>; given
        /// <paramref name="stopAt"/>, decodes in steps and stops after the step that reaches a
        /// timestamp at or after it. Returns how many samples were decoded.
        /// </summary>
        public int DecodeFrame(int frame, Span<long> output, long? stopAt)
        {
            // Opened even for a one-sample frame: opening the last frame checks the column's length.
            var residuals = _residuals.Open(frame);
            var t = _firsts[frame];
            output[0] = t;
            if (output.Length == 1)
                return 1;
            var delta = _deltas[frame];
            output[1] = t = unchecked(t + delta);
            var step = stopAt is null ? output.Length : StopStep;
            var decoded = 2;
            while (decoded < output.Length && (stopAt is not { } end || t < end))
            {
                // Residuals land in place and are integrated front to back.
                var part = output.Slice(decoded, Math.Min(step, output.Length - decoded));
                residuals.Read(part);
                foreach (ref var sample in part)
                {
                    delta = unchecked(delta + (sample * _scale));
                    sample = t = unchecked(t + delta);
                }

                decoded += part.Length;
            }

            return decoded;
        }
    }
}
