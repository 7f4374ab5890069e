using Engine.Storage.Model;
using Engine.Storage.Rollups;
using Engine.Storage.Tests.Engine;

namespace Engine.Storage.Tests.Rollups;

/// <summary>Hourly rollups are built as hours close, rebuilt when late points land, and merged into days.</summary>
public sealed class RollupBuildTests
{
    private const long Hour = TimeMath.NanosPerHour;
    private static readonly long Day0 = TestData.Start; // 2026-11-01T00:00Z

    [Fact]
    public void Closed_hours_are_rolled_up_and_the_open_hour_waits()
    {
        using var folder = new TempFolder();
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        using var engine = Open(folder.Path, clock);
        WriteHours(engine, "a", hours: 3, perHour: 60);
        clock.SetNs(Day0 + (3 * Hour) + TimeSpan.FromMinutes(4).Ticks * 100); // hour 2 closed 4 minutes ago: within lateness

        var first = engine.BuildRollups();

        Assert.Equal(2, first.HoursBuilt);
        clock.SetNs(Day0 + (3 * Hour) + TimeSpan.FromMinutes(5).Ticks * 100);
        Assert.Equal(1, engine.BuildRollups().HoursBuilt);
        Assert.Equal(0, engine.BuildRollups().HoursBuilt);
        var series = engine.SelectSeries(new ReadRequest("cpu")).Single();
        var hourly = engine.ReadRollups(series, RollupTier.Hourly, long.MinValue, long.MaxValue).ToList();
        Assert.Equal([Day0, Day0 + Hour, Day0 + (2 * Hour)], hourly.Select(r => r.Start));
        Assert.All(hourly, r => Assert.Equal(60, r.Summary.Count));
        var daily = Assert.Single(engine.ReadRollups(series, RollupTier.Daily, long.MinValue, long.MaxValue));
        Assert.Equal(Day0, daily.Start);
        Assert.Equal(180, daily.Summary.Count);
    }

    [Fact]
    public void A_late_point_rebuilds_only_its_hour_and_day()
    {
        using var folder = new TempFolder();
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        using var engine = Open(folder.Path, clock);
        WriteHours(engine, "a", hours: 30, perHour: 10);
        clock.SetNs(Day0 + (31 * Hour));
        Assert.Equal(30, engine.BuildRollups().HoursBuilt);

        engine.Write(TestData.Cpu("a", Day0 + (5 * Hour) + 1, 1000));
        var rebuild = engine.BuildRollups();

        Assert.Equal(new RollupBuildStats(HoursBuilt: 1, LateRebuilds: 1, DaysBuilt: 1, SamplesRolledUp: 11), rebuild);
        var series = engine.SelectSeries(new ReadRequest("cpu")).Single();
        var hour5 = engine.ReadRollups(series, RollupTier.Hourly, Day0 + (5 * Hour), Day0 + (6 * Hour)).Single();
        Assert.Equal(11, hour5.Summary.Count);
        Assert.Equal(1000, hour5.Summary.Max);
        var days = engine.ReadRollups(series, RollupTier.Daily, long.MinValue, long.MaxValue).ToList();
        Assert.Equal([241L, 60L], days.Select(d => d.Summary.Count));
        Assert.Equal(1, engine.LateRebuilds);
    }

    [Fact]
    public void Hours_waiting_for_rollups_survive_a_checkpoint_and_a_crash()
    {
        using var folder = new TempFolder();
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        var engine = Open(folder.Path, clock);
        WriteHours(engine, "a", hours: 4, perHour: 10);
        engine.Flush(); // samples move to segments, the WAL is truncated: only the pending-hours file remembers
        engine.DisposeWithoutFlushForTests();

        using var reopened = Open(folder.Path, clock);
        clock.SetNs(Day0 + (5 * Hour));
        Assert.Equal(4, reopened.BuildRollups().HoursBuilt);
    }

    [Fact]
    public void Built_hours_are_not_built_again_after_a_restart()
    {
        using var folder = new TempFolder();
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        using (var engine = Open(folder.Path, clock))
        {
            WriteHours(engine, "a", hours: 4, perHour: 10);
            clock.SetNs(Day0 + (5 * Hour));
            Assert.Equal(4, engine.BuildRollups().HoursBuilt);
        }

        using var reopened = Open(folder.Path, clock);
        Assert.Equal(0, reopened.BuildRollups().HoursBuilt);
    }

    [Fact]
    public void A_damaged_hourly_file_is_rebuilt_from_raw_data()
    {
        using var folder = new TempFolder();
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        using var engine = Open(folder.Path, clock);
        WriteHours(engine, "a", hours: 6, perHour: 10);
        clock.SetNs(Day0 + (7 * Hour));
        engine.BuildRollups();
        var file = Directory.GetFiles(Path.Combine(folder.Path, "rollups", "hourly"), "*.rollup", SearchOption.AllDirectories).Single();
        var bytes = File.ReadAllBytes(file);
        bytes[^20] ^= 0xFF;
        File.WriteAllBytes(file, bytes);

        engine.Write(TestData.Cpu("a", Day0 + 1, 5)); // a late point makes the day rebuild
        engine.BuildRollups();

        var series = engine.SelectSeries(new ReadRequest("cpu")).Single();
        Assert.Equal(61, engine.ReadRollups(series, RollupTier.Hourly, long.MinValue, long.MaxValue).Sum(r => r.Summary.Count));
        Assert.Equal(61, engine.ReadRollups(series, RollupTier.Daily, long.MinValue, long.MaxValue).Single().Summary.Count);
    }

    [Fact]
    public void A_damaged_block_of_an_hourly_file_rebuilds_the_day_from_raw_data()
    {
        using var folder = new TempFolder();
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        using var engine = Open(folder.Path, clock);
        WriteHours(engine, "a", hours: 6, perHour: 10);
        clock.SetNs(Day0 + (7 * Hour));
        engine.BuildRollups();
        DamageFirstBlock(Directory.GetFiles(Path.Combine(folder.Path, "rollups", "hourly"), "*.rollup", SearchOption.AllDirectories).Single());

        engine.Write(TestData.Cpu("a", Day0 + (5 * Hour) + 1, 5)); // a late point in another hour makes the day rebuild
        engine.BuildRollups();

        var series = engine.SelectSeries(new ReadRequest("cpu")).Single();
        Assert.Equal(Enumerable.Repeat(10L, 5).Append(11), engine.ReadRollups(series, RollupTier.Hourly, long.MinValue, long.MaxValue).Select(r => r.Summary.Count));
        Assert.Equal(61, engine.ReadRollups(series, RollupTier.Daily, long.MinValue, long.MaxValue).Single().Summary.Count);
    }

    [Fact]
    public void A_damaged_daily_file_gets_its_other_days_back_from_their_hourly_files()
    {
        using var folder = new TempFolder();
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        using var engine = Open(folder.Path, clock);
        WriteHours(engine, "a", hours: 48, perHour: 10);
        clock.SetNs(Day0 + (49 * Hour));
        engine.BuildRollups();
        DamageFirstBlock(Directory.GetFiles(Path.Combine(folder.Path, "rollups", "daily"), "*.rollup", SearchOption.AllDirectories).Single());

        engine.Write(TestData.Cpu("a", Day0 + (30 * Hour) + 1, 5)); // a late point on the second day
        engine.BuildRollups();

        var series = engine.SelectSeries(new ReadRequest("cpu")).Single();
        var days = engine.ReadRollups(series, RollupTier.Daily, long.MinValue, long.MaxValue).ToList();
        Assert.Equal([Day0, Day0 + TimeMath.NanosPerDay], days.Select(d => d.Start));
        Assert.Equal([240L, 241L], days.Select(d => d.Summary.Count));
    }

    /// <summary>Closing marks the engine disposed, then waits for the background job: a build or retention pass in flight must end quietly.</summary>
    [Fact]
    public void Closing_while_the_background_job_builds_rollups_does_not_throw()
    {
        for (var round = 0; round < 5; round++)
        {
            using var folder = new TempFolder();
            var clock = new ManualClock(DateTimeOffset.UnixEpoch);
            clock.SetNs(Day0 + (30 * 24 * Hour));
            var engine = StorageEngine.Open(folder.Path, TestData.QuietOptions with { ShardCount = 2, Clock = clock, BackgroundJobs = true, MaintenanceInterval = TimeSpan.FromMilliseconds(1) });
            var failures = new List<Exception>();
            engine.BackgroundError += failures.Add;
            WriteHours(engine, "a", hours: 24 * 20, perHour: 6);
            Assert.True(SpinWait.SpinUntil(() => engine.HoursRolledUp > 0, TimeSpan.FromSeconds(60)));

            engine.Dispose();

            Assert.Empty(failures);
        }
    }

    internal static StorageEngine Open(string path, TimeProvider clock, RetentionOptions? retention = null) =>
        StorageEngine.Open(path, TestData.QuietOptions with { ShardCount = 2, Clock = clock, Retention = retention ?? new RetentionOptions() });

    /// <summary>Flips a byte of the first series' block, which its checksum covers (the header and footer stay intact).</summary>
    private static void DamageFirstBlock(string file)
    {
        var bytes = File.ReadAllBytes(file);
        bytes[RollupFileFormat.HeaderLength + 4] ^= 0xFF;
        File.WriteAllBytes(file, bytes);
    }

    private static void WriteHours(StorageEngine engine, string host, int hours, int perHour)
    {
        var step = Hour / perHour;
        engine.Write(Enumerable.Range(0, hours * perHour).Select(i => TestData.Cpu(host, Day0 + (i * step), i % 17)));
    }
}
