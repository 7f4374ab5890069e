using Engine.Query.Execution;
using Engine.Storage;
using Engine.Storage.Model;

namespace Engine.Query.Tests.Execution;

/// <summary>
/// Queries running while the builder rewrites the rollup files they read (the open-file cache
/// hands out, replaces and closes files under them) answer as if nothing were being rebuilt.
/// </summary>
public sealed class ConcurrentRollupQueryTests : IDisposable
{
    private const long Minute = 60_000_000_000L;
    private static readonly long Start = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000;
    private static readonly string[] Hosts = ["a", "b", "c", "d", "e"];

    private readonly TempFolder _folder = new();
    private readonly ManualClock _clock = new(DateTimeOffset.UnixEpoch);
    private readonly StorageEngine _storage;

    public ConcurrentRollupQueryTests()
    {
        _clock.SetNs(Start + (2 * TimeMath.NanosPerDay) + (12 * TimeMath.NanosPerHour));
        _storage = StorageEngine.Open(_folder.Path, new StorageOptions { ShardCount = 2, BackgroundJobs = false, Clock = _clock });
        _storage.Write([.. Enumerable.Range(0, 2 * 24 * 6).SelectMany(step => Hosts.Select(host => Sample(host, step)))]);
        _storage.BuildRollups();
    }

    public void Dispose()
    {
        _storage.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Queries_during_rebuilds_see_the_data_grow_and_end_on_what_the_raw_samples_hold()
    {
        var engine = new QueryEngine(_storage);
        var range = $"time >= {Start} AND time < {Start + (2 * TimeMath.NanosPerDay)}";
        string[] fromRollups = [$"SELECT count(v), sum(v) FROM m WHERE {range} GROUP BY host", $"SELECT count(v), max(v) FROM m WHERE {range} GROUP BY time(1h), host"];
        var fromRaw = $"SELECT count(v) FROM m WHERE {range} GROUP BY time(30m), host";
        Assert.Equal(["tiers: daily rollups", "tiers: hourly rollups", "tiers: raw"], fromRollups.Append(fromRaw).Select(q => engine.Execute($"EXPLAIN {q}")[0].Series.Single().Rows[0][0]));
        var initial = Count(engine, fromRaw);
        const int Passes = 40;

        using var done = new CancellationTokenSource();
        var builder = Task.Run(() =>
        {
            try
            {
                for (var pass = 0; pass < Passes; pass++)
                {
                    // A late sample in a closed hour: the next pass rewrites that day's hourly file
                    // and the month's daily file, replacing files the queries may hold open.
                    var hour = pass * 37 % 48;
                    _storage.Write([new Point("m", [KeyValuePair.Create("host", Hosts[pass % Hosts.Length])], [KeyValuePair.Create("v", FieldValue.Float(1))], Start + (hour * TimeMath.NanosPerHour) + pass + 1)]);
                    _storage.BuildRollups();
                }
            }
            finally
            {
                done.Cancel();
            }
        });

        var seen = new long[fromRollups.Length];
        for (var answered = 0; !done.IsCancellationRequested || answered < 20; answered++)
        {
            // The data only grows: a query never sees fewer samples than the one before it.
            var q = answered % fromRollups.Length;
            var count = Count(engine, fromRollups[q]);
            Assert.InRange(count, Math.Max(seen[q], initial), initial + Passes);
            seen[q] = count;
        }

        await builder;
        Assert.Equal(initial + Passes, Count(engine, fromRaw));
        Assert.All(fromRollups, q => Assert.Equal(initial + Passes, Count(engine, q)));
    }

    private static Point Sample(string host, int step) =>
        new("m", [KeyValuePair.Create("host", host)], [KeyValuePair.Create("v", FieldValue.Float((step % 97) + (host[0] * 0.25)))], Start + (step * 10 * Minute));

    /// <summary>The samples a statement counted, over all its series and rows (its second column).</summary>
    private static long Count(QueryEngine engine, string query)
    {
        var result = engine.Execute(query)[0];
        Assert.Null(result.Error);
        return result.Series.SelectMany(s => s.Rows).Sum(r => r[1] is long count ? count : 0);
    }
}
