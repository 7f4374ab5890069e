using Engine.Storage.Model;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Engine.Storage.Tests.Engine;

/// <summary>
/// Random writes (out of order, duplicate timestamps, several days, every field type) interleaved
/// with flushes, compactions, crashes (no flush) and reopens, compared with a model in which the last write of a
/// series and timestamp wins.
/// </summary>
public sealed class ModelPropertyTests
{
    private static readonly long Start = new DateTimeOffset(2026, 3, 1, 23, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000;

    [Property(MaxTest = 20)]
    public Property Reads_equal_the_last_write_of_every_timestamp(PositiveInt seed)
    {
        using var folder = new TempFolder();
        var random = new Random(seed.Get);
        var model = new Dictionary<(int Series, long Time), FieldValue>();
        var options = new StorageOptions { ShardCount = 4, BackgroundJobs = false };
        var engine = StorageEngine.Open(folder.Path, options);
        try
        {
            for (var step = 0; step < 12; step++)
            {
                var points = Enumerable.Range(0, random.Next(1, 300)).Select(_ => RandomPoint(random)).ToList();
                engine.Write(points.Select(p => p.Point), durable: true);
                foreach (var (series, time, value, _) in points)
                {
                    model[(series, time)] = value;
                }

                switch (random.Next(5))
                {
                    case 0:
                        engine.Flush();
                        break;
                    case 3:
                        engine.Flush();
                        engine.Compact();
                        break;
                    case 1:
                        engine.DisposeWithoutFlushForTests();
                        engine = StorageEngine.Open(folder.Path, options);
                        break;
                    case 2:
                        engine.Dispose();
                        engine = StorageEngine.Open(folder.Path, options);
                        break;
                }
            }

            var ok = Enumerable.Range(0, SeriesCount).All(series => Matches(engine, model, series));
            return ok.Label($"seed {seed.Get}");
        }
        finally
        {
            engine.Dispose();
        }
    }

    private const int SeriesCount = 5;

    private static bool Matches(StorageEngine engine, Dictionary<(int Series, long Time), FieldValue> model, int series)
    {
        var expected = model.Where(m => m.Key.Series == series).OrderBy(m => m.Key.Time).Select(m => (m.Key.Time, m.Value)).ToList();
        var request = new ReadRequest("m") { TagFilter = [new("s", $"{series}")] };
        var actual = engine.Read(request).SelectMany(r => Enumerable.Range(0, r.Block.Count).Select(i => (r.Block.Timestamps[i], r.Block.ValueAt(i)))).ToList();
        return expected.SequenceEqual(actual);
    }

    private static (int Series, long Time, FieldValue Value, Point Point) RandomPoint(Random random)
    {
        var series = random.Next(SeriesCount);
        // Two hours around midnight, in whole seconds, so that days are crossed and timestamps repeat.
        var time = Start + (random.Next(7200) * 1_000_000_000L);
        var value = series switch
        {
            0 => FieldValue.Float(Math.Round((random.NextDouble() * 200) - 100, random.Next(4))),
            1 => FieldValue.Integer(random.NextInt64(long.MinValue, long.MaxValue)),
            2 => FieldValue.Unsigned((ulong)random.NextInt64()),
            3 => FieldValue.Boolean(random.Next(2) == 1),
            _ => FieldValue.String(new string('x', random.Next(5)) + random.Next(100)),
        };
        var point = new Point("m", [new("s", $"{series}")], [new($"f{series}", value)], time);
        return (series, time, value, point);
    }
}
