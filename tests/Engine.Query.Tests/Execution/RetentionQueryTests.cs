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
}
