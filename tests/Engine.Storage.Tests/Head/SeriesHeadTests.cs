using Engine.Storage.Head;
using Engine.Storage.Model;
using Engine.Storage.Segments;
using FsCheck.Xunit;

namespace Engine.Storage.Tests.Head;

public class SeriesHeadTests
{
    private const long Day0 = 1_451_606_400_000_000_000; // 2016-01-01T00:00:00Z
    private const long NanosPerDay = 86_400_000_000_000;

    [Fact]
    public void A_day_of_two_decimal_gauges_packs_into_two_bytes_a_sample_and_one_segment_of_slack()
    {
        var head = new SeriesHead(FieldType.Float);
        var random = new Random(7);
        for (var i = 0; i < 8_640; i++)
        {
            var value = Math.Round(random.NextDouble() * 100, 2);
            head.Append(Day0 + (i * 10_000_000_000L), BitConverter.DoubleToUInt64Bits(value), null, 0);
        }

        Assert.InRange(head.PackedBytes, 1, 8_640 * 2);
        Assert.InRange(head.SegmentBytes, head.PackedBytes, head.PackedBytes + 4_096 + (8 * 600));
    }

    [Property(MaxTest = 300)]
    public void Snapshot_and_seal_give_the_samples_sorted_with_the_last_write_of_a_timestamp_winning(
        int[] offsetSeeds, ulong[] bits, byte typeSeed, bool fewDistinctTimes)
    {
        var type = (FieldType)(1 + (typeSeed % 4)); // Float, Integer, Unsigned, Boolean
        var count = Math.Min(offsetSeeds.Length, bits.Length) * 40; // enough to fill several blocks
        var timestamps = new long[count];
        var values = new ulong[count];
        for (var i = 0; i < count; i++)
        {
            var seed = (long)offsetSeeds[i % offsetSeeds.Length] + (i / offsetSeeds.Length);
            var spread = fewDistinctTimes ? 50 : NanosPerDay;
            timestamps[i] = Day0 + (((seed % spread) + spread) % spread * (fewDistinctTimes ? 1_000_000_000 : 1) % NanosPerDay);
            values[i] = type == FieldType.Float ? BitConverter.DoubleToUInt64Bits((long)(bits[i % bits.Length] % 100_000) / 100.0) : bits[(i * 7) % bits.Length] + (ulong)i;
        }

        var head = new SeriesHead(type);
        for (var round = 0; round < 2; round++) // the second round reuses the cleared buffers
        {
            for (var i = 0; i < count; i++)
            {
                Assert.True(head.Accepts(timestamps[i]));
                head.Append(timestamps[i], values[i], null, 0);
            }

            Assert.Equal(count, head.Count);
            var (expectedTimes, expectedValues) = Expected(timestamps, values);
            using (var snapshot = new SampleColumns())
            {
                head.SnapshotInto(snapshot);
                Assert.Equal(expectedTimes, snapshot.Timestamps.ToArray());
                Assert.Equal(expectedValues, snapshot.Run(0, snapshot.Count).Values.ToArray());
            }

            var (sealedTimes, sealedValues, sealedStrings) = head.Seal();
            Assert.Equal(expectedTimes, sealedTimes.ToArray());
            Assert.Equal(expectedValues, sealedValues.ToArray());
            Assert.True(sealedStrings.IsEmpty);
            head.Clear(trim: round == 1);
            Assert.Equal(0, head.Count);
        }
    }

    [Fact]
    public void String_heads_keep_their_strings()
    {
        var head = new SeriesHead(FieldType.String);
        for (var i = 0; i < 1_000; i++)
            head.Append(Day0 + ((1_000 - i) % 700 * 1_000_000_000L), 0, $"s{i}", 0);

        var (times, _, strings) = head.Seal();
        Assert.Equal(700, times.Length);
        Assert.Equal(Enumerable.Range(0, 700).Select(t => Day0 + (t * 1_000_000_000L)), times.ToArray());
        // Timestamp t was written by every i with (1000 - i) % 700 == t; the last of them wins.
        for (var t = 0; t < 700; t++)
        {
            var last = Enumerable.Range(0, 1_000).Last(i => (1_000 - i) % 700 == t);
            Assert.Equal($"s{last}", strings.Span[t]);
        }
    }

    [Fact]
    public void A_head_sealed_at_the_chunk_limit_reuses_its_segments()
    {
        var head = new SeriesHead(FieldType.Integer);
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 16_384; i++)
                head.Append(Day0 + (i * 1_000_000_000L), (ulong)(i * 3), null, 0);
            var (times, values, _) = head.Seal();
            Assert.Equal(16_384, times.Length);
            Assert.Equal((ulong)(16_383 * 3), values.Span[^1]);
            var segments = head.SegmentBytes;
            head.Clear();
            Assert.Equal(segments, head.SegmentBytes);
        }
    }

    private static (long[] Times, ulong[] Values) Expected(long[] timestamps, ulong[] values)
    {
        var last = new SortedDictionary<long, ulong>();
        for (var i = 0; i < timestamps.Length; i++)
            last[timestamps[i]] = values[i];
        return ([.. last.Keys], [.. last.Values]);
    }
}
