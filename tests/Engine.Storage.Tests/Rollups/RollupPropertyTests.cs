using Engine.Storage.Model;
using Engine.Storage.Rollups;
using Engine.Storage.Tests.Engine;
using FsCheck.Xunit;

namespace Engine.Storage.Tests.Rollups;

/// <summary>
/// Random data arriving in random order, with the clock moving, rollups built, checkpoints and
/// restarts (clean and crashed) in between: every hourly and daily rollup equals what the raw
/// samples give, computed independently here. Count, sum, min, max, first and last exactly; mean
/// and stddev within floating-point tolerance; sketch percentiles within 1% of the exact value.
/// </summary>
public sealed class RollupPropertyTests
{
    private const long Hour = TimeMath.NanosPerHour;
    private static readonly long Start = TestData.Start;

    [Property(MaxTest = 20)]
    public void Rollups_equal_the_raw_samples_whatever_the_arrival_order_and_restarts(int seed)
    {
        var random = new Random(seed);
        var samples = Generate(random);
        using var folder = new TempFolder();
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        clock.SetNs(Start);
        var engine = RollupBuildTests.Open(folder.Path, clock);
        try
        {
            var arrival = samples.OrderBy(_ => random.Next()).ToList();
            var batches = random.Next(2, 8);
            for (var b = 0; b < batches; b++)
            {
                var batch = arrival.Skip(b * arrival.Count / batches).Take(((b + 1) * arrival.Count / batches) - (b * arrival.Count / batches));
                engine.Write(batch.Select(s => s.ToPoint()), durable: true);
                switch (random.Next(4))
                {
                    case 0:
                        clock.SetNs(Math.Max(clock.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000, Start + random.NextInt64(0, 80 * Hour)));
                        engine.BuildRollups();
                        break;
                    case 1:
                        engine.Flush();
                        break;
                    case 2:
                        engine.Dispose();
                        engine = RollupBuildTests.Open(folder.Path, clock);
                        break;
                    default:
                        engine.DisposeWithoutFlushForTests();
                        engine = RollupBuildTests.Open(folder.Path, clock);
                        break;
                }
            }

            clock.SetNs(Start + (100 * Hour));
            engine.BuildRollups();
            foreach (var group in samples.GroupBy(s => (s.Host, s.Field)))
            {
                var series = engine.SelectSeries(new ReadRequest("cpu") { TagFilter = [new("host", group.Key.Host)], Field = group.Key.Field }).Single();
                CheckTier(engine, series, RollupTier.Hourly, [.. group], Hour);
                CheckTier(engine, series, RollupTier.Daily, [.. group], TimeMath.NanosPerDay);
            }
        }
        finally
        {
            engine.Dispose();
        }
    }

    private static void CheckTier(StorageEngine engine, Catalog.Series series, RollupTier tier, List<RawSample> samples, long width)
    {
        var expected = samples.GroupBy(s => TimeMath.FloorDiv(s.Time, width) * width).OrderBy(g => g.Key).ToList();
        var records = engine.ReadRollups(series, tier, long.MinValue, long.MaxValue).ToList();
        Assert.Equal(expected.Select(g => g.Key), records.Select(r => r.Start));
        foreach (var (bucket, record) in expected.Zip(records))
        {
            var values = bucket.OrderBy(s => s.Time).ToList();
            var summary = record.Summary;
            Assert.Equal(values.Count, summary.Count);
            Assert.Equal(values.Min(v => v.Value), summary.Min);
            Assert.Equal(values.Max(v => v.Value), summary.Max);
            Assert.Equal(values[0].Time, summary.First.Time);
            Assert.Equal(values[^1].Time, summary.Last.Time);
            Assert.Equal(values[0].Value, NumericBits.ToDouble(series.Type, summary.First.Bits));
            Assert.Equal(values[^1].Value, NumericBits.ToDouble(series.Type, summary.Last.Bits));
            if (series.Type == FieldType.Integer)
            {
                Assert.Equal(values.Sum(v => v.Hundredths), summary.IntegerSum);
            }
            else
            {
                Assert.Equal(ExactSumOracle.Sum(values.Select(v => v.Value)), summary.Sum);
            }

            var mean = values.Average(v => v.Value);
            Assert.Equal(mean, summary.Mean, Math.Max(1e-9, Math.Abs(mean) * 1e-12));
            if (values.Count > 1)
            {
                var variance = values.Sum(v => (v.Value - mean) * (v.Value - mean)) / (values.Count - 1);
                Assert.Equal(Math.Sqrt(variance), summary.SampleStddev, 1e-6 * Math.Max(1, Math.Sqrt(variance)));
            }

            var sorted = values.Select(v => v.Value).Order().ToArray();
            foreach (var percent in new[] { 50.0, 90.0, 99.0 })
            {
                var rank = (long)Math.Floor((sorted.Length * percent / 100) + 0.5);
                if (rank < 1)
                {
                    continue;
                }

                var exactValue = sorted[rank - 1];
                var estimate = record.Sketch!.Percentile(percent)!.Value;
                Assert.True(Math.Abs(estimate - exactValue) <= (0.01 * Math.Abs(exactValue)) + 1e-12, $"p{percent}: {estimate} vs exact {exactValue}");
            }
        }
    }

    private static List<RawSample> Generate(Random random)
    {
        var samples = new List<RawSample>();
        foreach (var host in new[] { "a", "b" })
        {
            foreach (var field in new[] { "usage", "count" })
            {
                var count = random.Next(1, 300);
                var times = new HashSet<long>();
                while (times.Count < count)
                {
                    // Three days, with a dense first hour so that some hours have many samples.
                    times.Add(Start + (random.Next(3) == 0 ? random.NextInt64(0, Hour / 1_000_000) : random.NextInt64(0, 72 * Hour / 1_000_000)) * 1_000_000);
                }

                samples.AddRange(times.Select(t => new RawSample(host, field, t, random.NextInt64(-100_000, 100_000))));
            }
        }

        return samples;
    }

    /// <summary>A float field carries <see cref="Hundredths"/>/100; an integer field the number itself.</summary>
    private sealed record RawSample(string Host, string Field, long Time, long Hundredths)
    {
        public double Value => Field == "count" ? Hundredths : Hundredths / 100.0;

        public Point ToPoint() => new("cpu", [new("host", Host)],
            [new(Field, Field == "count" ? FieldValue.Integer(Hundredths) : FieldValue.Float(Hundredths / 100.0))], Time);
    }
}
