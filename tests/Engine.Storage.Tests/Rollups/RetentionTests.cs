using Engine.Storage.Model;
using Engine.Storage.Rollups;
using Engine.Storage.Tests.Engine;

namespace Engine.Storage.Tests.Rollups;

/// <summary>Moves the clock across each tier's boundary and checks what remains in each tier.</summary>
public sealed class RetentionTests
{
    private const long Day = TimeMath.NanosPerDay;
    private static readonly long Start = TestData.Start; // 2026-11-01T00:00Z, a day start

    [Fact]
    public void Each_tier_keeps_its_days_and_drops_older_partitions_whole()
    {
        using var folder = new TempFolder();
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        using var engine = RollupBuildTests.Open(folder.Path, clock);
        // A year and a bit of history, one sample every 6 hours: the backfill builds every tier.
        engine.Write(Enumerable.Range(0, 400 * 4).Select(i => TestData.Cpu("a", Start + (i * (Day / 4)), i)));
        engine.Flush();
        var newest = Start + (1599 * (Day / 4));
        clock.SetNs(newest + Day);
        engine.BuildRollups();
        Assert.Equal(400, Days(folder.Path, "segments").Count);

        var dropped = engine.ApplyRetention();

        // The reference is the newest sample (earlier than the clock): raw keeps the days ending after it − 30 days.
        var reference = newest;
        Assert.Equal(Days(folder.Path, "segments"), Expected(reference - (30 * Day)));
        Assert.Equal(Days(folder.Path, Path.Combine("rollups", "hourly")), Expected(reference - (90 * Day)));
        var months = Directory.GetDirectories(Path.Combine(folder.Path, "rollups", "daily")).Select(Path.GetFileName).Order().ToList();
        var expectedMonths = Enumerable.Range(0, 400).Select(i => TimeMath.MonthOf(Start + (i * Day))).Distinct()
            .Where(m => TimeMath.MonthStart(m + 1) > reference - (365 * Day)).Select(IO.FileNames.MonthName);
        Assert.Equal(expectedMonths, months);
        Assert.Equal(400 - Days(folder.Path, "segments").Count, dropped.RawDays);
        var series = engine.SelectSeries(new ReadRequest("cpu")).Single();
        Assert.All(engine.ReadRollups(series, RollupTier.Daily, long.MinValue, long.MaxValue), r => Assert.True(TimeMath.MonthStart(TimeMath.MonthOf(r.Start) + 1) > reference - (365 * Day)));
    }

    [Fact]
    public void One_point_from_the_far_future_does_not_expire_anything()
    {
        using var folder = new TempFolder();
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        using var engine = RollupBuildTests.Open(folder.Path, clock);
        engine.Write(Enumerable.Range(0, 10).Select(i => TestData.Cpu("a", Start + (i * Day), i)));
        clock.SetNs(Start + (11 * Day));
        engine.Write(TestData.Cpu("a", Start + (36_500 * Day), 1)); // the year 2126
        engine.Flush();
        engine.BuildRollups();

        Assert.Equal(0, engine.ApplyRetention().Total);
        Assert.Equal(Start + (11 * Day), engine.RetentionReferenceNs);
    }

    [Fact]
    public void Raw_days_are_not_dropped_before_their_hours_are_rolled_up()
    {
        using var folder = new TempFolder();
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        using var engine = RollupBuildTests.Open(folder.Path, clock);
        engine.Write(Enumerable.Range(0, 60).Select(i => TestData.Cpu("a", Start + (i * Day), i)));
        engine.Flush();
        clock.SetNs(Start + (60 * Day));

        Assert.Equal(0, engine.ApplyRetention().RawDays); // nothing rolled up yet
        engine.BuildRollups();
        Assert.True(engine.ApplyRetention().RawDays > 0);
        var series = engine.SelectSeries(new ReadRequest("cpu")).Single();
        Assert.Equal(60, engine.ReadRollups(series, RollupTier.Hourly, long.MinValue, long.MaxValue).Count());
    }

    [Fact]
    public void Per_measurement_retention_sets_how_far_back_each_tier_answers()
    {
        using var folder = new TempFolder();
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        var retention = new RetentionOptions
        {
            Measurements = new Dictionary<string, TierRetention> { ["cpu"] = new() { Raw = TimeSpan.FromDays(7), Hourly = TimeSpan.FromDays(14), Daily = TimeSpan.FromDays(28) } },
        };
        using var engine = RollupBuildTests.Open(folder.Path, clock, retention);
        clock.SetNs(Start);
        engine.Write(TestData.Cpu("a", Start - 1, 1));

        Assert.Equal(Start - 1 - (7 * Day), engine.RetainedSince("cpu", RetentionTier.Raw));
        Assert.Equal(Start - 1 - (28 * Day), engine.RetainedSince("cpu", RetentionTier.Daily));
        Assert.Equal(Start - 1 - (30 * Day), engine.RetainedSince("mem", RetentionTier.Raw));
        Assert.Throws<ArgumentException>(() => new RetentionOptions { Default = new() { Raw = TimeSpan.FromDays(100) } }.Validate());
    }

    private static List<string> Days(string root, string tierFolder) =>
        [.. Directory.GetDirectories(Path.Combine(root, tierFolder)).Select(d => Path.GetFileName(d)!).Order()];

    /// <summary>Day folders of the 400 written days whose day ends after the cutoff.</summary>
    private static List<string> Expected(long cutoff) =>
        [.. Enumerable.Range(0, 400).Select(i => TimeMath.DayOf(Start) + i).Where(d => TimeMath.DayStart(d + 1) > cutoff).Select(IO.FileNames.DayName)];
}
