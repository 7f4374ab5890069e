using Engine.Storage.IO;
using Engine.Storage.Model;
using Engine.Storage.Rollups;
using Engine.Storage.Tests.Engine;

namespace Engine.Storage.Tests.Rollups;

/// <summary>
/// The rollup builder reads raw data into columns it reuses from run to run, series to series and
/// build to build (and merges overlapping sources in them): nothing a read leaves behind may leak
/// into the next one.
/// </summary>
public sealed class RollupBufferReuseTests
{
    private const long Hour = TimeMath.NanosPerHour;
    private const int Batches = 12;
    private const long BatchHours = 6;
    private static readonly long Day0 = TestData.Start;
    private static readonly string[] Hosts = ["a", "b", "c"];

    [Fact]
    public void Builds_after_every_batch_write_the_same_files_as_one_build_at_the_end()
    {
        using var stepwise = new TempFolder();
        using var once = new TempFolder();
        var stepwiseClock = new ManualClock(DateTimeOffset.UnixEpoch);
        var onceClock = new ManualClock(DateTimeOffset.UnixEpoch);
        using (var stepwiseEngine = RollupBuildTests.Open(stepwise.Path, stepwiseClock))
        using (var onceEngine = RollupBuildTests.Open(once.Path, onceClock))
        {
            for (var batch = 0; batch < Batches; batch++)
            {
                foreach (var engine in new[] { stepwiseEngine, onceEngine })
                {
                    Write(engine, batch);
                }

                stepwiseClock.SetNs(Day0 + ((batch + 1) * BatchHours * Hour));
                stepwiseEngine.BuildRollups();
            }

            foreach (var (engine, clock) in new[] { (stepwiseEngine, stepwiseClock), (onceEngine, onceClock) })
            {
                clock.SetNs(Day0 + ((Batches + 1) * BatchHours * Hour));
                engine.BuildRollups();
            }

            Assert.True(stepwiseEngine.LateRebuilds > 0); // the rewrites reached hours already built
            AssertHoursMatchTheRawSamples(stepwiseEngine);
        }

        var stepwiseFiles = RollupFiles(stepwise.Path);
        Assert.NotEmpty(stepwiseFiles);
        Assert.Equal(RollupFiles(once.Path).Keys.Order(), stepwiseFiles.Keys.Order());
        foreach (var (name, bytes) in RollupFiles(once.Path))
        {
            Assert.True(bytes.AsSpan().SequenceEqual(stepwiseFiles[name]), $"{name} differs");
        }
    }

    /// <summary>
    /// Series of every type and density; each batch flushes the one before into segment files and
    /// rewrites part of it (other values, other strings), so hours are built from chunks, heads and
    /// merges of sources that overlap. The last host skips every other batch: its heads are empty
    /// while the others' are not.
    /// </summary>
    private static void Write(StorageEngine engine, int batch)
    {
        engine.Flush();
        var points = new List<Point>();
        for (var host = 0; host < (batch % 2 == 0 ? Hosts.Length : Hosts.Length - 1); host++)
        {
            var perHour = 30 * (host + 1) * (batch % 3 + 1);
            var step = Hour / perHour;
            for (var time = Day0 + (batch * BatchHours * Hour); time < Day0 + ((batch + 1) * BatchHours * Hour); time += step)
            {
                points.Add(Sample(Hosts[host], time, time / step * (host + 1)));
            }

            if (batch > 0)
            {
                // Rewrite every third sample of the batch before: newer values win.
                for (var time = Day0 + ((batch - 1) * BatchHours * Hour); time < Day0 + (batch * BatchHours * Hour); time += 3 * step)
                {
                    points.Add(Sample(Hosts[host], time, -time / step));
                }
            }
        }

        engine.Write(points);
    }

    private static Point Sample(string host, long time, long n) => new("cpu", [new("host", host)],
    [
        new("usage", FieldValue.Float(n % 1000 / 10.0)),
        new("count", FieldValue.Integer(n % 777)),
        new("up", FieldValue.Boolean(n % 5 == 0)),
        new("state", FieldValue.String($"state {n % 13} of {host}")),
    ], time);

    /// <summary>Every hourly record agrees with the samples a query reads (which merges overlapping sources its own way).</summary>
    private static void AssertHoursMatchTheRawSamples(StorageEngine engine)
    {
        foreach (var series in engine.SelectSeries(new ReadRequest("cpu")))
        {
            foreach (var record in engine.ReadRollups(series, RollupTier.Hourly, long.MinValue, long.MaxValue))
            {
                var samples = engine.Read(series, record.Start, record.Start + Hour).SelectMany(b => Enumerable.Range(0, b.Count).Select(b.ValueAt)).ToList();
                Assert.Equal(samples.Count, record.Summary.Count);
                Assert.Equal(samples[^1], FieldValue.FromBits(series.Type, record.Summary.Last.Bits, record.Summary.Last.Text));
                Assert.Equal(samples[0], FieldValue.FromBits(series.Type, record.Summary.First.Bits, record.Summary.First.Text));
            }
        }
    }

    private static Dictionary<string, byte[]> RollupFiles(string root) =>
        Directory.EnumerateFiles(Path.Combine(root, FileNames.RollupsDirectory), "*" + FileNames.RollupExtension, SearchOption.AllDirectories)
            .ToDictionary(path => Path.GetRelativePath(root, path), File.ReadAllBytes);
}
