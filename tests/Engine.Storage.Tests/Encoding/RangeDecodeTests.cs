using System.Buffers;
using Engine.Storage.Encoding;
using FsCheck.Xunit;

namespace Engine.Storage.Tests.Encoding;

/// <summary>
/// Every codec's range decode equals the same slice of a full decode, bit for bit, for columns of
/// 1..16,384 samples and ranges that start or end anywhere, frame boundaries included.
/// </summary>
public class RangeDecodeTests
{
    [Property(MaxTest = 150)]
    public void Timestamp_ranges_equal_slices_of_the_full_decode(int seed, ushort countSeed, byte shape)
    {
        var random = new Random(seed);
        var count = Count(countSeed, shape);
        AssertRanges(random, TimestampColumn(random, count, shape), TimestampCodec.Encode, TimestampCodec.Decode, TimestampCodec.DecodeRange);
    }

    [Property(MaxTest = 150)]
    public void Float_ranges_equal_slices_of_the_full_decode(int seed, ushort countSeed, byte shape)
    {
        var random = new Random(seed);
        var count = Count(countSeed, shape);
        var walk = Columns.TwoDecimalWalk(count, seed);
        double[] special = [double.NaN, BitConverter.Int64BitsToDouble(0x7FF0_0000_0000_0123), -0.0, 0.0, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, double.Epsilon];
        var values = (shape % 5) switch
        {
            0 => walk,
            1 => walk.Select(v => Math.Clamp(Math.Round(v / 10) - 2, 0, 5)).ToArray(), // bounded: long stays at 0 and 5
            2 => walk.Select(v => v * Math.PI).ToArray(),
            3 => Enumerable.Range(0, count).Select(_ => special[random.Next(special.Length)]).ToArray(),
            _ => Enumerable.Range(0, count).Select(_ => BitConverter.Int64BitsToDouble(random.NextInt64())).ToArray(),
        };
        AssertRanges(random, values, FloatCodec.Encode, FloatCodec.Decode, FloatCodec.DecodeRange);
    }

    [Property(MaxTest = 150)]
    public void Integer_and_unsigned_ranges_equal_slices_of_the_full_decode(int seed, ushort countSeed, byte shape)
    {
        var random = new Random(seed);
        var count = Count(countSeed, shape);
        long[] extremes = [long.MinValue, long.MaxValue, 0, -1, 1];
        var values = (shape % 3) switch
        {
            0 => Ascending(random, count, stepNs: 3, jitterNs: 5, unitNs: 1),
            1 => Enumerable.Range(0, count).Select(_ => extremes[random.Next(extremes.Length)]).ToArray(),
            _ => Enumerable.Range(0, count).Select(_ => (long)random.Next(200, 210)).ToArray(),
        };
        AssertRanges(random, values, IntegerCodec.Encode, IntegerCodec.Decode, IntegerCodec.DecodeRange);
        var unsigned = values.Select(v => unchecked((ulong)v)).ToArray();
        AssertRanges(random, unsigned, UnsignedCodec.Encode, UnsignedCodec.Decode, UnsignedCodec.DecodeRange);
    }

    [Property(MaxTest = 100)]
    public void Boolean_and_string_ranges_equal_slices_of_the_full_decode(int seed, ushort countSeed, byte shape)
    {
        var random = new Random(seed);
        var count = Count(countSeed, shape) % 3000 + 1; // strings are decoded whole anyway
        var flags = Enumerable.Range(0, count).Select(_ => shape % 2 == 0 || random.Next(2) == 0).ToArray();
        AssertRanges(random, flags, BooleanCodec.Encode, BooleanCodec.Decode, BooleanCodec.DecodeRange);
        var strings = Enumerable.Range(0, count).Select(i => $"GET /api/{random.Next(20)}/{i % 7}").ToArray();
        AssertRanges(random, strings, StringCodec.Encode, StringCodec.Decode, StringCodec.DecodeRange);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2047)]
    [InlineData(2048)]
    [InlineData(2049)]
    [InlineData(4097)]
    [InlineData(16_384)]
    public void Ranges_starting_and_ending_at_frame_boundaries_equal_slices(int count)
    {
        var random = new Random(count);
        var walk = Columns.TwoDecimalWalk(count, seed: count);
        var timestamps = Ascending(random, count, stepNs: 1_000_000, jitterNs: 999_000, unitNs: 1_000);
        var (floatTag, floatBytes) = Encode<double>(walk, FloatCodec.Encode);
        var (timeTag, timeBytes) = Encode<long>(timestamps, TimestampCodec.Encode);
        for (var from = 0; from <= count; from += Frames.Size)
        {
            foreach (var to in new[] { from, from + 1, from + Frames.Size - 1, from + Frames.Size, from + Frames.Size + 1, count })
            {
                if (to < from || to > count)
                    continue;
                var floats = new double[to - from];
                FloatCodec.DecodeRange(floatTag, floatBytes, count, from, floats);
                Columns.AssertBitsEqual(walk[from..to], floats);
                var times = new long[to - from];
                TimestampCodec.DecodeRange(timeTag, timeBytes, count, from, times);
                Assert.Equal(timestamps[from..to], times);
            }
        }
    }

    [Property(MaxTest = 200)]
    public void Frame_ranges_cover_every_sample_in_the_time_range(int seed, ushort countSeed, byte shape, bool regular)
    {
        var random = new Random(seed);
        var count = Count(countSeed, shape);
        var timestamps = regular
            ? Enumerable.Range(0, count).Select(i => 1_000L + (i * 10L)).ToArray()
            : Ascending(random, count, stepNs: 10, jitterNs: 9, unitNs: 1);
        var (tag, bytes) = Encode<long>(timestamps, TimestampCodec.Encode);
        var start = PickTime(random, timestamps);
        var end = PickTime(random, timestamps);
        var (from, to) = TimestampCodec.FrameRange(tag, bytes, count, start, end);
        Assert.True(from % Frames.Size == 0 && from <= to && to <= count, $"[{from}, {to})");
        for (var i = 0; i < count; i++)
        {
            if (timestamps[i] >= start && timestamps[i] < end)
                Assert.True(i >= from && i < to, $"sample {i} at {timestamps[i]} outside [{from}, {to}) for [{start}, {end})");
        }
    }

    [Property(MaxTest = 200)]
    public void Decoding_until_a_time_yields_a_prefix_holding_every_earlier_sample(int seed, ushort countSeed, byte shape)
    {
        var random = new Random(seed);
        var count = Count(countSeed, shape);
        var timestamps = TimestampColumn(random, count, shape);
        var (tag, bytes) = Encode<long>(timestamps, TimestampCodec.Encode);
        var from = random.Next(Frames.Count(count)) * Frames.Size;
        var to = random.Next(2) == 0 ? count : random.Next(from, count + 1);
        var end = PickTime(random, timestamps);
        var output = new long[to - from];
        var decoded = TimestampCodec.DecodeUntil(tag, bytes, count, from, end, output);
        Assert.Equal(timestamps[from..(from + decoded)], output[..decoded]);
        Assert.True(decoded == output.Length || output[decoded - 1] >= end, $"stopped after {decoded} of [{from}, {to}) before reaching {end} ({tag})");
    }

    private delegate ColumnEncoding EncodeColumn<T>(ReadOnlySpan<T> values, IBufferWriter<byte> output);

    private delegate void DecodeColumn<T>(ColumnEncoding encoding, ReadOnlySpan<byte> input, Span<T> output);

    private delegate void DecodeColumnRange<T>(ColumnEncoding encoding, ReadOnlySpan<byte> input, int count, int from, Span<T> output);

    private static void AssertRanges<T>(Random random, T[] values, EncodeColumn<T> encode, DecodeColumn<T> decode, DecodeColumnRange<T> decodeRange)
    {
        var (tag, bytes) = Encode(values, encode);
        var full = new T[values.Length];
        decode(tag, bytes, full);
        for (var trial = 0; trial < 20; trial++)
        {
            var a = PickIndex(random, values.Length);
            var b = PickIndex(random, values.Length);
            var (from, to) = (Math.Min(a, b), Math.Max(a, b));
            var range = new T[to - from];
            decodeRange(tag, bytes, values.Length, from, range);
            for (var i = from; i < to; i++)
            {
                if (!EqualityComparer<T>.Default.Equals(full[i], range[i - from]) && !SameBits(full[i], range[i - from]))
                    Assert.Fail($"sample {i} of [{from}, {to}) of {values.Length} ({tag}): {range[i - from]} instead of {full[i]}");
            }
        }
    }

    // EqualityComparer treats every NaN as equal to every other: compare doubles by their bits.
    private static bool SameBits<T>(T a, T b) =>
        a is double x && b is double y && BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y);

    private static (ColumnEncoding, byte[]) Encode<T>(T[] values, EncodeColumn<T> encode)
    {
        var writer = new ArrayBufferWriter<byte>();
        var tag = encode(values, writer);
        return (tag, writer.WrittenSpan.ToArray());
    }

    /// <summary>Mostly short columns, often whole chunks, sometimes a few samples around a frame boundary.</summary>
    private static int Count(ushort seed, byte shape) => (shape >> 4) switch
    {
        < 6 => 1 + (seed % 5000),
        < 12 => 1 + (seed % 16_384),
        < 15 => Math.Clamp(Frames.Size - 3 + (seed % 7), 1, 16_384),
        _ => 16_384,
    };

    /// <summary>Frame boundaries and their neighbours half the time, anywhere otherwise.</summary>
    private static int PickIndex(Random random, int count)
    {
        if (random.Next(2) == 0)
            return random.Next(count + 1);
        var boundary = random.Next(Frames.Count(count) + 1) * Frames.Size;
        return Math.Clamp(boundary + random.Next(-1, 2), 0, count);
    }

    private static long PickTime(Random random, long[] timestamps)
    {
        var i = PickIndex(random, timestamps.Length);
        var time = i < timestamps.Length ? timestamps[i] : timestamps[^1] + 1;
        return time + random.Next(-1, 2);
    }

    /// <summary>Timestamp columns for every encoding and for decoders that must not assume ascending times.</summary>
    private static long[] TimestampColumn(Random random, int count, byte shape) => (shape % 6) switch
    {
        0 => Enumerable.Range(0, count).Select(i => 1_451_606_400_000_000_000L + (i * 10_000_000_000L)).ToArray(),
        1 => Ascending(random, count, stepNs: 10_000_000_000L, jitterNs: 1_000_000_000L, unitNs: 1_000),
        2 => Ascending(random, count, stepNs: 10_000_000_000L, jitterNs: 9_999_000_000L, unitNs: 1_000),
        3 => UniformDeltaOfDeltas(random, count), // bit-packed rather than rANS-coded
        4 => Enumerable.Range(0, count).Select(_ => random.NextInt64(long.MinValue, long.MaxValue)).ToArray(),
        _ => Enumerable.Range(0, count).Select(i => 5_000_000_000L - (i * 7L) - random.Next(3)).ToArray(),
    };

    /// <summary>Times whose delta-of-deltas are uniform over 2^20 values, which rANS cannot code below their bit width.</summary>
    private static long[] UniformDeltaOfDeltas(Random random, int count)
    {
        var values = new long[count];
        long t = 0, delta = 0;
        for (var i = 0; i < count; i++)
        {
            delta += random.Next(-(1 << 19), 1 << 19);
            t += delta;
            values[i] = t;
        }

        return values;
    }

    /// <summary>Unique ascending times: steps of about <paramref name="stepNs"/>, multiples of <paramref name="unitNs"/>.</summary>
    private static long[] Ascending(Random random, int count, long stepNs, long jitterNs, long unitNs)
    {
        var values = new long[count];
        var t = 1_451_606_400_000_000_000L;
        for (var i = 0; i < count; i++)
        {
            t += (stepNs + random.NextInt64(-jitterNs, jitterNs + 1)) / unitNs * unitNs;
            values[i] = t;
        }

        return values;
    }
}
