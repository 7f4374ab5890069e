using Engine.Storage.Encoding;
using FsCheck.Xunit;

namespace Engine.Storage.Tests.Encoding;

public class TimestampCodecTests
{
    private const long Start = 1_451_606_400_000_000_000; // 2016-01-01T00:00:00Z in ns
    private const long TenSeconds = 10_000_000_000;

    [Property(MaxTest = 500)]
    public void Any_sequence_round_trips(long[] timestamps)
    {
        Assert.Equal(timestamps, Columns.Timestamps(timestamps).Decoded);
    }

    [Property(MaxTest = 300)]
    public void Sorted_irregular_sequences_round_trip(int[] gaps)
    {
        var timestamps = new long[gaps.Length];
        var t = Start;
        for (var i = 0; i < gaps.Length; i++)
            timestamps[i] = t += Math.Abs((long)gaps[i]) * 1000;
        Assert.Equal(timestamps, Columns.Timestamps(timestamps).Decoded);
    }

    [Theory]
    [InlineData(new long[0])]
    [InlineData(new[] { 0L })]
    [InlineData(new[] { long.MinValue })]
    [InlineData(new[] { long.MaxValue, long.MinValue })]
    [InlineData(new[] { long.MinValue, long.MaxValue, long.MinValue, 0L, long.MaxValue })]
    [InlineData(new[] { 5L, 4L, 3L, 2L, 1L, -100L })]
    [InlineData(new[] { Start, Start, Start + 1, Start })]
    public void Edge_cases_round_trip(long[] timestamps)
    {
        Assert.Equal(timestamps, Columns.Timestamps(timestamps).Decoded);
    }

    [Fact]
    public void A_regular_chunk_costs_a_few_bytes_in_all()
    {
        var timestamps = Enumerable.Range(0, 8192).Select(i => Start + (i * TenSeconds)).ToArray();
        var (encoding, bytes, decoded) = Columns.Timestamps(timestamps);
        Assert.Equal(ColumnEncoding.TimestampRegular, encoding);
        Assert.True(bytes.Length <= 16, $"{bytes.Length} bytes");
        Assert.Equal(timestamps, decoded);
    }

    [Fact]
    public void A_regular_run_wrapping_past_long_max_stays_regular()
    {
        var timestamps = Enumerable.Range(0, 100).Select(i => unchecked(long.MaxValue - 1000 + (i * 7_000_000_000_000_000_000L))).ToArray();
        var (encoding, _, decoded) = Columns.Timestamps(timestamps);
        Assert.Equal(ColumnEncoding.TimestampRegular, encoding);
        Assert.Equal(timestamps, decoded);
    }

    [Fact]
    public void Jittered_timestamps_use_delta_of_delta_and_stay_small()
    {
        var random = new Random(7);
        var timestamps = Enumerable.Range(0, 8192).Select(i => Start + (i * TenSeconds) + random.Next(-1000, 1000)).ToArray();
        var (encoding, bytes, decoded) = Columns.Timestamps(timestamps);
        Assert.True(encoding is ColumnEncoding.TimestampDeltaOfDeltaPacked or ColumnEncoding.TimestampDeltaOfDeltaRans, encoding.ToString());
        Assert.True(bytes.Length < 8192 * 2, $"{bytes.Length} bytes");
        Assert.Equal(timestamps, decoded);
    }

    [Property(MaxTest = 300)]
    public void Timestamps_in_whole_milliseconds_round_trip(long[] milliseconds)
    {
        var timestamps = milliseconds.Select(ms => unchecked(ms * 1_000_000)).ToArray();
        Assert.Equal(timestamps, Columns.Timestamps(timestamps).Decoded);
    }

    [Fact]
    public void Microsecond_timestamps_do_not_pay_for_their_zero_nanosecond_digits()
    {
        var random = new Random(8);
        var t = Start;
        var timestamps = Enumerable.Range(0, 8192).Select(_ => t += random.Next(1, 1024) * 1000L).ToArray();
        var (encoding, bytes, decoded) = Columns.Timestamps(timestamps);
        Assert.Equal(ColumnEncoding.TimestampDeltaOfDeltaRans, encoding);
        Assert.True(bytes.Length < 8192 * 12 / 8, $"{bytes.Length} bytes"); // ~11 bits of real spread per sample
        Assert.Equal(timestamps, decoded);
    }

    [Fact]
    public void Random_timestamps_fall_back_to_raw()
    {
        var random = new Random(3);
        var timestamps = Enumerable.Range(0, 1000).Select(_ => random.NextInt64(long.MinValue, long.MaxValue)).ToArray();
        var (encoding, bytes, decoded) = Columns.Timestamps(timestamps);
        Assert.Equal(ColumnEncoding.Raw64, encoding);
        Assert.Equal(8000, bytes.Length);
        Assert.Equal(timestamps, decoded);
    }
}
