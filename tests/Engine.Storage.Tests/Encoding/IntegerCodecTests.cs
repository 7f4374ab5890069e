using Engine.Storage.Encoding;
using FsCheck.Xunit;

namespace Engine.Storage.Tests.Encoding;

public class IntegerCodecTests
{
    [Property(MaxTest = 500)]
    public void Integers_round_trip(long[] values)
    {
        Assert.Equal(values, Columns.Integers(values).Decoded);
    }

    [Property(MaxTest = 500)]
    public void Unsigned_round_trip(ulong[] values)
    {
        Assert.Equal(values, Columns.Unsigned(values).Decoded);
    }

    [Theory]
    [InlineData(new long[0])]
    [InlineData(new[] { long.MinValue })]
    [InlineData(new[] { long.MinValue, long.MaxValue, long.MinValue, -1L, 0L, 1L })]
    [InlineData(new[] { 0L, 0L, 0L, 0L })]
    public void Integer_extremes_round_trip(long[] values)
    {
        Assert.Equal(values, Columns.Integers(values).Decoded);
    }

    [Theory]
    [InlineData(new ulong[0])]
    [InlineData(new[] { ulong.MaxValue })]
    [InlineData(new[] { 0UL, ulong.MaxValue, 0UL, 1UL << 63, (1UL << 63) - 1 })]
    public void Unsigned_extremes_round_trip(ulong[] values)
    {
        Assert.Equal(values, Columns.Unsigned(values).Decoded);
    }

    [Fact]
    public void A_counter_packs_into_a_few_bits_per_sample()
    {
        var random = new Random(11);
        var value = 1_000_000L;
        var values = Enumerable.Range(0, 8192).Select(_ => value += random.Next(0, 16)).ToArray();
        var (encoding, bytes, decoded) = Columns.Integers(values);
        Assert.True(encoding is ColumnEncoding.IntegerDeltaPacked or ColumnEncoding.IntegerDeltaRans, encoding.ToString());
        Assert.True(bytes.Length <= (8192 * 5 / 8) + 16, $"{bytes.Length} bytes");
        Assert.Equal(values, decoded);
    }

    [Fact]
    public void Gaussian_deltas_choose_rans_over_packing()
    {
        var random = new Random(12);
        var value = 0L;
        var values = Enumerable.Range(0, 8192).Select(_ => value += (long)(random.NextDouble() * random.NextDouble() * 400) - 100).ToArray();
        var (encoding, _, decoded) = Columns.Integers(values);
        Assert.Equal(ColumnEncoding.IntegerDeltaRans, encoding);
        Assert.Equal(values, decoded);
    }

    [Fact]
    public void Random_integers_fall_back_to_raw()
    {
        var random = new Random(13);
        var values = Enumerable.Range(0, 500).Select(_ => random.NextInt64(long.MinValue, long.MaxValue)).ToArray();
        var (encoding, _, decoded) = Columns.Integers(values);
        Assert.Equal(ColumnEncoding.Raw64, encoding);
        Assert.Equal(values, decoded);
    }
}
