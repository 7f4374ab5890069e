using Engine.Storage;
using Engine.Storage.Model;
using Engine.Tests;

namespace Engine.Query.Tests.Execution;

/// <summary>Data past a tier's retention is never returned, even while its files are still on disk.</summary>
public sealed class RetentionQueryTests
{
    private const long Day = TimeMath.NanosPerDay;
    private static readonly long Start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000;

    [Fact]
    public void Raw_samples_past_the_measurements_raw_retention_are_not_returned()
    {
        using var folder = new TempFolder();
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        clock.SetNs(Start + (40 * Day));
        var retention = new RetentionOptions
        {
            Measurements = new Dictionary<string, TierRetention> { ["short"] = new() { Raw = TimeSpan.FromDays(10), Hourly = TimeSpan.FromDays(10), Daily = TimeSpan.FromDays(10) } },
        };
        using var storage = StorageEngine.Open(folder.Path, new StorageOptions { ShardCount = 2, BackgroundJobs = false, Clock = clock, Retention = retention });
        // One sample a day at noon for 40 days, in two measurements; the newest at day 39 12:00.
        foreach (var measurement in new[] { "long", "short" })
        {
            storage.Write(Enumerable.Range(0, 40).Select(d => new Point(measurement, [], [KeyValuePair.Create("v", FieldValue.Float(d))], Start + (d * Day) + (Day / 2))));
        }

        var engine = new QueryEngine(storage);
        var results = engine.Execute("SELECT count(v), min(v) FROM long; SELECT count(v), min(v) FROM short; SELECT v FROM short");

        // Reference: the newest sample (day 39 12:00), earlier than the clock. Raw keeps the 30 days
        // before it (default), or 10; a sample exactly at the boundary is kept.
        Assert.Equal([31L, 9.0], results[0].Series[0].Rows[0][1..]);
        Assert.Equal([11L, 29.0], results[1].Series[0].Rows[0][1..]);
        Assert.Equal(11, results[2].Series[0].Rows.Count);
    }

    [Fact]
    public void Each_tier_answers_within_its_retention_and_raw_only_queries_over_expired_raw_samples_fail()
    {
        using var folder = new TempFolder();
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        clock.SetNs(Start + (120 * Day));
        using var storage = StorageEngine.Open(folder.Path, new StorageOptions { ShardCount = 2, BackgroundJobs = false, Clock = clock });
        // One sample an hour for 120 days, value 1; the newest at day 119 23:00.
        storage.Write(Enumerable.Range(0, 120 * 24).Select(h => new Point("m", [], [KeyValuePair.Create("v", FieldValue.Float(1))], Start + (h * TimeMath.NanosPerHour))));
        storage.BuildRollups();
        storage.ApplyRetention();

        var engine = new QueryEngine(storage);
        var from = $"FROM m WHERE time >= {Start}";
        var results = engine.Execute($"SELECT count(v) {from}; SELECT count(v) {from} GROUP BY time(1d); SELECT count(v) {from} GROUP BY time(1h) fill(none); SELECT v {from}; SELECT percentile_exact(v, 50) {from}; SELECT max(v) {from} GROUP BY time(10m); SELECT count(v) FROM m WHERE time >= {Start + (90 * Day)}");

        // Daily rollups keep 365 days: every day answers, whole.
        Assert.Equal(120L * 24, results[0].Series[0].Rows[0][1]);
        Assert.Equal(120, results[1].Series[0].Rows.Count);
        Assert.All(results[1].Series[0].Rows, row => Assert.Equal(24L, row[1]));

        // Hourly rollups keep 90 days before the newest sample (day 119 23:00): the hours from day 29 23:00 on.
        var hours = results[2].Series[0].Rows;
        Assert.Equal(Start + (29 * Day) + (23 * TimeMath.NanosPerHour), hours[0][0]);
        Assert.Equal((90 * 24) + 1, hours.Count);

        // Raw samples keep 30 days: queries only they can answer fail, naming the retention.
        foreach (var (result, reason) in new[] { (results[3], "a raw selection"), (results[4], "percentile_exact"), (results[5], "GROUP BY time(10m)") })
        {
            Assert.NotNull(result.Error);
            Assert.StartsWith("raw samples of 'm' are kept 30 days, so none remain before 2026-03-31T23:00:00Z", result.Error, StringComparison.Ordinal);
            Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        }

        Assert.Equal(30L * 24, results[6].Series[0].Rows[0][1]);

        // A measurement without series has nothing to refuse.
        var none = engine.Execute($"SELECT v FROM nothing WHERE time >= {Start}")[0];
        Assert.Null(none.Error);
        Assert.Empty(none.Series);
    }
}
