using System.Buffers;
using Engine.Storage.Encoding;
using FsCheck.Xunit;

namespace Engine.Storage.Tests.Encoding;

/// <summary>The bounded form of decimal floats: columns clamped to a range that sit at its ends.</summary>
public class BoundedDecimalTests
{
    private const byte BoundedFlag = 0x80;

    [Fact]
    public void A_clamped_walk_takes_the_bounded_form_and_round_trips()
    {
        var values = ClampedWalk(8640, seed: 7, low: 0, high: 10, step: 1.0);
        var (encoding, bytes, decoded) = Columns.Floats(values);
        Assert.Equal(ColumnEncoding.FloatDecimalRans, encoding);
        Assert.True((bytes[0] & BoundedFlag) != 0, "bounded form not chosen");
        Columns.AssertBitsEqual(values, decoded);
    }

    [Fact]
    public void The_bounded_form_is_smaller_than_the_plain_form_at_the_bounds()
    {
        var values = ClampedWalk(8640, seed: 8, low: 0, high: 10, step: 1.0);
        var (_, bytes, _) = Columns.Floats(values);
        var mantissas = values.Select(v => (long)Math.Round(v * 100)).ToArray();
        var plain = new byte[DecimalFloats.MaxEncodedLength(mantissas.Length)];
        var deltas = mantissas.Skip(1).Select((m, i) => m - mantissas[i]).ToArray();
        var plainLength = 1 + 3 + Residuals_Encode(deltas, plain);
        Assert.True(bytes.Length < plainLength, $"bounded {bytes.Length} bytes, plain {plainLength}");
    }

    [Property(MaxTest = 300)]
    public void Clamped_walks_round_trip(ushort countSeed, int seed, byte widthSeed, bool integers)
    {
        var count = 2 + (countSeed % 3000);
        var high = 0.5 + (widthSeed % 20);
        var values = ClampedWalk(count, seed, low: -1, high: high, step: integers ? 3.0 : 0.7);
        if (integers)
            values = values.Select(v => Math.Round(v)).ToArray();
        Columns.AssertBitsEqual(values, Columns.Floats(values).Decoded);
    }

    [Theory]
    [InlineData(new[] { 58.12 })]
    [InlineData(new[] { 0.0, 0.0 })]
    [InlineData(new[] { 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0 })]
    [InlineData(new[] { 0.0, 100.0, 0.0, 100.0, 0.0, 100.0, 0.0, 100.0, 0.0, 100.0, 0.0, 100.0, 0.0 })]
    public void Short_and_constant_columns_round_trip(double[] values)
    {
        Columns.AssertBitsEqual(values, Columns.Floats(values).Decoded);
    }

    [Fact]
    public void Columns_sitting_at_min_then_at_max_round_trip()
    {
        var values = Enumerable.Repeat(0.0, 500).Concat(Enumerable.Range(0, 100).Select(i => i / 10.0)).Concat(Enumerable.Repeat(9.9, 500)).ToArray();
        var (encoding, bytes, decoded) = Columns.Floats(values);
        Assert.Equal(ColumnEncoding.FloatDecimalRans, encoding);
        Assert.True((bytes[0] & BoundedFlag) != 0, "bounded form not chosen");
        Columns.AssertBitsEqual(values, decoded);
    }

    [Property(MaxTest = 500)]
    public void Bounded_residuals_round_trip_for_any_values(long[] values, byte repeatSeed)
    {
        // Long runs at the extremes: the bounded form directly. Halving keeps max - min within a
        // long, the form's precondition (decimal mantissas stay below 2^53).
        if (values.Length == 0)
            return;
        var column = values.SelectMany((v, i) => Enumerable.Repeat(v >> 1, 1 + ((i * repeatSeed) % 5))).ToArray();
        AssertBoundedRoundTrip(column);
    }

    [Theory]
    [InlineData(new long[] { 7 })]
    [InlineData(new long[] { 7, 7, 7, 7, 7, 7, 7, 7, 7, 7 })]
    [InlineData(new long[] { long.MinValue / 2, long.MaxValue / 2, long.MaxValue / 2, long.MinValue / 2, long.MinValue / 2, 0 })]
    [InlineData(new long[] { 0, 1, 0, 1, 1, 1, 0, 0, 0 })]
    [InlineData(new long[] { 0, 1000, 0, 100000, 100000, 2, 0, 0 })]
    public void Bounded_residuals_round_trip_where_min_equals_max_and_at_extremes(long[] column)
    {
        AssertBoundedRoundTrip(column);
    }

    [Fact]
    public void Truncated_and_bit_flipped_bounded_columns_only_throw_corrupt()
    {
        var random = new Random(44);
        var values = ClampedWalk(600, seed: 9, low: 0, high: 3, step: 1.0);
        var writer = new ArrayBufferWriter<byte>();
        var tag = FloatCodec.Encode(values, writer);
        var bytes = writer.WrittenSpan.ToArray();
        Assert.True((bytes[0] & BoundedFlag) != 0, "bounded form not chosen");
        for (var length = 0; length < bytes.Length; length++)
            OnlyCorrupt(() => FloatCodec.Decode(tag, bytes.AsSpan(0, length), new double[values.Length]));
        for (var trial = 0; trial < 2000; trial++)
        {
            var damaged = bytes.ToArray();
            damaged[random.Next(damaged.Length)] ^= (byte)(1 << random.Next(8));
            OnlyCorrupt(() => FloatCodec.Decode(tag, damaged, new double[values.Length]));
        }

        // The bounded flag under the packed tag is corruption, not a different layout.
        Assert.Throws<CorruptDataException>(() => FloatCodec.Decode(ColumnEncoding.FloatDecimalPacked, bytes, new double[values.Length]));
    }

    [Property(MaxTest = 1000)]
    public void Random_bytes_after_a_bounded_header_only_throw_corrupt(byte[] bytes, byte exponent, ushort count)
    {
        var input = new byte[] { (byte)(BoundedFlag | (exponent % 16)) }.Concat(bytes).ToArray();
        OnlyCorrupt(() => FloatCodec.Decode(ColumnEncoding.FloatDecimalRans, input, new double[1 + (count % 2000)]));
    }

    private static void AssertBoundedRoundTrip(long[] column)
    {
        var min = column.Min();
        var max = column.Max();
        var shape = new FrameShape(column.Length, Restarts: 1);
        var firsts = column.Where((_, i) => shape.IsRestart(i)).ToArray();
        var deltas = column.Select((m, i) => (m, i)).Where(x => !shape.IsRestart(x.i)).Select(x => unchecked(x.m - column[x.i - 1])).ToArray();
        var encoded = new byte[RansResiduals.MaxEncodedBoundedLength(deltas.Length)];
        var length = RansResiduals.EncodeBounded(deltas, shape, firsts, min, max, encoded);
        var decoded = new long[column.Length];
        var frames = new DeltaFrames(encoded.AsSpan(0, length), column.Length, firsts, min, max);
        Frames.DecodeRange(ref frames, column.Length, 0, decoded.AsSpan());
        Assert.Equal(column, decoded);
    }

    private static int Residuals_Encode(long[] deltas, byte[] destination) =>
        Residuals.Encode(deltas, new FrameShape(deltas.Length + 1, Restarts: 1), destination, out _);

    private static void OnlyCorrupt(Action decode)
    {
        try
        {
            decode();
        }
        catch (CorruptDataException)
        {
        }
    }

    /// <summary>A random walk clamped to [low, high], rounded to two decimals.</summary>
    private static double[] ClampedWalk(int count, int seed, double low, double high, double step)
    {
        var random = new Random(seed);
        var values = new double[count];
        var v = low + (random.NextDouble() * (high - low));
        for (var i = 0; i < count; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            v = Math.Clamp(v + (step * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2)), low, high);
            values[i] = Math.Round(v * 100) / 100;
        }

        return values;
    }
}
