using Engine.Storage.Head;
using FsCheck.Xunit;

namespace Engine.Storage.Tests.Head;

public class HeadBlockCodecTests
{
    [Property(MaxTest = 500)]
    public void Any_timestamps_and_bits_round_trip(long[] timestamps, ulong[] bits, bool floats)
    {
        var count = Math.Min(Math.Min(timestamps.Length, bits.Length), HeadBlockCodec.MaxSamples);
        if (count == 0)
            return;
        AssertRoundTrip(timestamps[..count], bits[..count], floats);
    }

    [Property(MaxTest = 500)]
    public void Decimal_floats_at_a_regular_interval_round_trip(long[] mantissas, byte decimalsSeed, int intervalSeed, long start)
    {
        var count = Math.Min(mantissas.Length, HeadBlockCodec.MaxSamples);
        if (count == 0)
            return;
        var decimals = decimalsSeed % (HeadBlockCodec.MaxDecimals + 3);
        var interval = (long)(intervalSeed % 1000) * 1_000_000_000L;
        var timestamps = Enumerable.Range(0, count).Select(i => unchecked(start + (i * interval))).ToArray();
        var bits = mantissas[..count].Select(m => BitConverter.DoubleToUInt64Bits((m % 100_000_000_000L) / Math.Pow(10, decimals))).ToArray();
        AssertRoundTrip(timestamps, bits, floats: true);
    }

    private static readonly double[][] SpecialFloats =
    [
        [58.12],
        [double.NaN, -double.NaN, BitConverter.UInt64BitsToDouble(0x7FF0_0000_0000_0001), 1.5],
        [0.0, -0.0, 0.0, -0.0],
        [double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, double.MinValue, double.Epsilon, -double.Epsilon],
        [58.12, 58.13, -0.0, 58.11],
        [0.1 + 0.2, 0.3, 0.1],
        [9007199254740993.0, 9007199254740992.0, 1e15, 123456789.123456],
        [1e300, 1e-300, 5e-324],
        [1e-15, 2e-15, 123456789012345.6],
    ];

    public static TheoryData<double[]> Specials()
    {
        var data = new TheoryData<double[]>();
        foreach (var values in SpecialFloats)
            data.Add(values);
        return data;
    }

    [Theory]
    [MemberData(nameof(Specials))]
    public void Special_floats_round_trip_bit_exactly(double[] values)
    {
        var timestamps = Enumerable.Range(0, values.Length).Select(i => 1_700_000_000_000_000_000L + (i * 1_000_000L)).ToArray();
        AssertRoundTrip(timestamps, [.. values.Select(BitConverter.DoubleToUInt64Bits)], floats: true);
    }

    [Fact]
    public void Extreme_timestamps_and_integers_round_trip()
    {
        long[] timestamps = [long.MaxValue, long.MinValue, 0, -1, long.MaxValue, 1, long.MinValue + 1, 1_000_000_000, -1_000_000_000];
        ulong[] bits = [ulong.MaxValue, 0, 1UL << 63, (1UL << 63) - 1, 5, ulong.MaxValue - 1, 0, 42, 7];
        AssertRoundTrip(timestamps, bits, floats: false);
        AssertRoundTrip(timestamps, bits, floats: true);
    }

    [Fact]
    public void Samples_from_four_interleaved_connections_pack_narrowly()
    {
        // One series' samples as a server receives them from four connections that each send a
        // quarter of the day in time order: runs of 16 consecutive samples jumping between quarters.
        var timestamps = new long[HeadBlockCodec.MaxSamples];
        var bits = new ulong[timestamps.Length];
        var next = new long[4];
        for (var i = 0; i < timestamps.Length; i++)
        {
            var connection = (i / 16) % 4;
            timestamps[i] = 1_451_606_400_000_000_000L + (connection * 21_600_000_000_000L) + (next[connection]++ * 10_000_000_000L);
            bits[i] = BitConverter.DoubleToUInt64Bits(Math.Round((i * 37 % 10_000) / 100.0, 2));
        }

        var length = AssertRoundTrip(timestamps, bits, floats: true);
        Assert.InRange(length, 1, timestamps.Length * 3);
    }

    private static int AssertRoundTrip(long[] timestamps, ulong[] bits, bool floats)
    {
        var buffer = new byte[HeadBlockCodec.MaxEncodedBytes(timestamps.Length) + 8];
        buffer.AsSpan().Fill(0xA5);
        var length = HeadBlockCodec.Encode(timestamps, bits, floats, buffer);
        Assert.InRange(length, 1, HeadBlockCodec.MaxEncodedBytes(timestamps.Length));
        Assert.Equal(timestamps.Length, HeadBlockCodec.CountOf(buffer));

        var decodedTimestamps = new long[timestamps.Length];
        var decodedBits = new ulong[bits.Length];
        Assert.Equal(length, HeadBlockCodec.Decode(buffer, floats, decodedTimestamps, decodedBits));
        Assert.Equal(timestamps, decodedTimestamps);
        Assert.Equal(bits, decodedBits);
        return length;
    }
}
