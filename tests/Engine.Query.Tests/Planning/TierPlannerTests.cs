using Engine.Query.Execution;
using Engine.Query.Language;
using Engine.Query.Planning;
using Engine.Storage;
using Engine.Storage.Model;

namespace Engine.Query.Tests.Planning;

/// <summary>Which tier the planner picks for each part of a range, and that the answers agree with raw samples.</summary>
public sealed class TierPlannerTests : IDisposable
{
    private const long Hour = TimeMath.NanosPerHour;
    private const long Day = TimeMath.NanosPerDay;
    private static readonly long Start = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000;

    private readonly TempFolder _folder = new();
    private readonly ManualClock _clock = new(DateTimeOffset.UnixEpoch);
    private readonly StorageEngine _storage;

    public TierPlannerTests()
    {
        // Now is day 2, 12:30: hours before 12:00 are closed (the lateness is 5 minutes).
        _clock.SetNs(Start + (2 * Day) + (12 * Hour) + (30 * 60_000_000_000L));
        _storage = StorageEngine.Open(_folder.Path, new StorageOptions { ShardCount = 2, BackgroundJobs = false, Clock = _clock });

        // One sample every 10 minutes from day 0 00:00 to now, value = minutes since the start.
        var points = new List<Point>();
        for (var minute = 0L; Start + (minute * 60_000_000_000L) < _storage.ClockNs; minute += 10)
        {
            points.Add(new Point("m", [KeyValuePair.Create("host", "a")], [KeyValuePair.Create("v", FieldValue.Float(minute))], Start + (minute * 60_000_000_000L)));
        }

        _storage.Write(points);
        _storage.BuildRollups();
    }

    public void Dispose()
    {
        _storage.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void Whole_settled_days_come_from_daily_rollups_hours_from_hourly_and_the_rest_from_raw()
    {
        // A late point leaves day 1, 05:00 pending: that hour reads raw, and day 1 cannot be read whole.
        _storage.Write([new Point("m", [KeyValuePair.Create("host", "a")], [KeyValuePair.Create("v", FieldValue.Float(-1))], Start + Day + (5 * Hour) + 1)]);

        var spans = Spans($"SELECT mean(v) FROM m WHERE time >= {Start - Day + (30 * 60_000_000_000L)} GROUP BY time(1d)");

        Assert.Equal(
        [
            (RetentionTier.Raw, -Day + (Hour / 2), -Day + Hour),
            (RetentionTier.Hourly, -Day + Hour, 0),
            (RetentionTier.Daily, 0, Day),
            (RetentionTier.Hourly, Day, Day + (5 * Hour)),
            (RetentionTier.Raw, Day + (5 * Hour), Day + (6 * Hour)),
            (RetentionTier.Hourly, Day + (6 * Hour), (2 * Day) + (12 * Hour)),
            (RetentionTier.Raw, (2 * Day) + (12 * Hour), long.MaxValue - Start),
        ],
            spans);
    }

    [Fact]
    public void Groupings_finer_than_an_hour_read_raw_samples_and_hourly_groupings_do_not_read_daily_rollups()
    {
        Assert.Equal([(RetentionTier.Raw, 0, 2 * Day)], Spans($"SELECT max(v) FROM m WHERE time >= {Start} AND time < {Start + (2 * Day)} GROUP BY time(30m)"));
        Assert.Equal([(RetentionTier.Raw, 0, 2 * Day)], Spans($"SELECT max(v) FROM m WHERE time >= {Start} AND time < {Start + (2 * Day)} GROUP BY time(1h, 30m)"));
        Assert.Equal([(RetentionTier.Hourly, 0, 2 * Day)], Spans($"SELECT max(v) FROM m WHERE time >= {Start} AND time < {Start + (2 * Day)} GROUP BY time(2h)"));
        Assert.Equal([(RetentionTier.Daily, 0, 2 * Day)], Spans($"SELECT max(v) FROM m WHERE time >= {Start} AND time < {Start + (2 * Day)}"));
        Assert.Equal([(RetentionTier.Raw, 0, 2 * Day)], Spans($"SELECT percentile_exact(v, 99) FROM m WHERE time >= {Start} AND time < {Start + (2 * Day)}"));
        Assert.Equal([(RetentionTier.Raw, 0, 2 * Day)], Spans($"SELECT v FROM m WHERE time >= {Start} AND time < {Start + (2 * Day)}"));
    }

    [Fact]
    public void Answers_from_rollups_equal_those_from_raw_samples()
    {
        const string Functions = "count(v), sum(v), min(v), max(v), first(v), last(v), spread(v), mean(v), stddev(v), p99(v), p50(v)";
        var engine = new QueryEngine(_storage);
        foreach (var grouping in new[] { "", " GROUP BY time(1h)", " GROUP BY time(1d)", " GROUP BY time(3h, 1h)" })
        {
            var range = $" WHERE time >= {Start + (90 * 60_000_000_000L)} AND time < {Start + (2 * Day) + (12 * Hour) + 1}";
            var fromRollups = engine.Execute($"SELECT {Functions} FROM m{range}{grouping}")[0];
            var fromRaw = engine.Execute($"SELECT {Functions.Replace("p99(v)", "percentile_exact(v, 99)", StringComparison.Ordinal).Replace("p50(v)", "percentile_exact(v, 50)", StringComparison.Ordinal)} FROM m{range}{grouping}")[0];
            Assert.Contains("rollup quantile sketches", Assert.Single(fromRollups.Messages).Text, StringComparison.Ordinal);
            Assert.Empty(fromRaw.Messages);

            var rows = fromRollups.Series.Single().Rows;
            var rawRows = fromRaw.Series.Single().Rows;
            Assert.Equal(rawRows.Count, rows.Count);
            for (var r = 0; r < rows.Count; r++)
            {
                // time, count, sum, min, max, first, last, spread: exactly.
                Assert.Equal(rawRows[r][..8], rows[r][..8]);
                AssertClose(rawRows[r][8], rows[r][8], 1e-12);
                AssertClose(rawRows[r][9], rows[r][9], 1e-9);
                AssertClose(rawRows[r][10], rows[r][10], 0.01);
                AssertClose(rawRows[r][11], rows[r][11], 0.01);
            }
        }
    }

    private static void AssertClose(object? expected, object? actual, double relative)
    {
        Assert.Equal(expected is null, actual is null);
        if (expected is double e)
        {
            Assert.InRange((double)actual!, e - (Math.Abs(e) * relative), e + (Math.Abs(e) * relative));
        }
    }

    /// <summary>The spans of the series' shard, relative to <see cref="Start"/>.</summary>
    private (RetentionTier, long, long)[] Spans(string query)
    {
        var select = (SelectStatement)QueryParser.Parse(query).Single();
        var plan = SelectPlan.Resolve(select, _storage.Index, _storage.ClockNs);
        var shard = plan.Series.Single().Shard;
        return [.. TierPlanner.Plan(plan, _storage).SpansOf(shard).Select(s => (s.Tier, s.Start - Start, s.End == long.MaxValue ? long.MaxValue - Start : s.End - Start))];
    }
}
