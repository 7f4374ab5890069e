using Engine.Storage.Model;
using Engine.Storage.Segments;
using FsCheck.Xunit;

namespace Engine.Storage.Tests.Engine;

/// <summary>A chunk read over a time range equals the slice of the whole chunk, whatever frames it touches.</summary>
public class ChunkRangeReadTests
{
    [Property(MaxTest = 200)]
    public void Range_reads_equal_slices_of_the_whole_chunk(int seed, ushort countSeed, byte typeSeed, bool regular)
    {
        var random = new Random(seed);
        var count = 1 + (countSeed % ChunkLayout.MaxSamples);
        var type = (FieldType)(1 + (typeSeed % 5));
        var step = 10_000_000_000L;
        var timestamps = new long[count];
        var t = 1_451_606_400_000_000_000L;
        for (var i = 0; i < count; i++)
            timestamps[i] = t += regular ? step : 1_000 * random.NextInt64(1, 20_000_000);
        var values = Enumerable.Range(0, count).Select(i => type switch
        {
            FieldType.Float => BitConverter.DoubleToUInt64Bits(Math.Round(random.NextDouble() * 1000) / 100),
            FieldType.Boolean => (ulong)random.Next(2),
            _ => (ulong)random.Next(-50, 50),
        }).ToArray();
        var strings = type == FieldType.String ? Enumerable.Range(0, count).Select(i => (string?)$"s{random.Next(9)}").ToArray() : [];
        var bytes = new ChunkEncoder(new ChunkPool()).Encode(7, type, 16_801, timestamps, values, strings).Bytes.ToArray();
        var whole = ChunkDecoder.Decode(bytes);

        for (var trial = 0; trial < 10; trial++)
        {
            var a = Time(random, timestamps);
            var b = Time(random, timestamps);
            var (start, end) = (Math.Min(a, b), Math.Max(a, b));
            var expected = whole.Slice(start, end);
            var actual = ChunkDecoder.Decode(bytes, start, end);
            Assert.Equal(expected.Timestamps, actual.Timestamps);
            Assert.Equal(expected.Values, actual.Values);
            Assert.Equal(expected.Strings, actual.Strings);
        }
    }

    /// <summary>A frame's first time, a sample's time or either's neighbour, or far outside the chunk.</summary>
    private static long Time(Random random, long[] timestamps)
    {
        var index = random.Next(4) == 0
            ? Math.Min(random.Next(0, 9) * 2048, timestamps.Length - 1)
            : random.Next(timestamps.Length);
        return random.Next(12) switch
        {
            0 => long.MinValue,
            1 => long.MaxValue,
            _ => timestamps[index] + random.Next(-1, 2),
        };
    }
}
