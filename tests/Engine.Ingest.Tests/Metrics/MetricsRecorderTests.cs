using Engine.Storage;

namespace Engine.Ingest.Tests.Metrics;

public sealed class MetricsRecorderTests
{
    [Fact]
    public async Task Every_emit_from_many_threads_is_stored()
    {
        using var folder = new TempFolder();
        using var db = EmbeddedEngine.Open(folder.Path, new EngineOptions { Storage = new StorageOptions { BackgroundJobs = false } });
        var counter = db.Metrics.Counter("requests", ("route", "/api"));
        var timing = db.Metrics.Timing("latency", ("route", "/api"));
        const int perThread = 5_000;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < perThread; i++)
            {
                counter.Increment();
                timing.RecordMilliseconds(t + (i * 0.001));
            }
        })));
        await db.Metrics.DrainAsync();

        Assert.Equal(0, db.Metrics.Dropped);
        var counts = db.ReadPoints(new ReadRequest("requests")).Select(p => p.Value.AsInteger).ToList();
        Assert.Equal(4 * perThread, counts.Count);
        Assert.Equal(4 * perThread, counts.Max());
        Assert.Equal(4 * perThread, db.ReadPoints(new ReadRequest("latency")).Count());
    }

    [Fact]
    public async Task A_full_queue_drops_and_counts_instead_of_blocking()
    {
        using var folder = new TempFolder();
        using var db = EmbeddedEngine.Open(folder.Path, new EngineOptions
        {
            Storage = new StorageOptions { BackgroundJobs = false },
            Metrics = new Ingest.Metrics.MetricsOptions { QueueCapacity = 1 },
        });
        var gauge = db.Metrics.Gauge("temperature");
        for (var i = 0; i < 100_000; i++)
        {
            gauge.Set(i);
        }

        await db.Metrics.DrainAsync();
        var stored = db.ReadPoints(new ReadRequest("temperature")).Count();
        Assert.Equal(100_000, stored + db.Metrics.Dropped);
        Assert.True(db.Metrics.Dropped > 0);
    }

    [Fact]
    public void A_name_used_as_two_kinds_of_metric_is_an_error()
    {
        using var folder = new TempFolder();
        using var db = EmbeddedEngine.Open(folder.Path, new EngineOptions { Storage = new StorageOptions { BackgroundJobs = false } });
        db.Metrics.Gauge("x");
        Assert.Throws<InvalidOperationException>(() => db.Metrics.Counter("x"));
    }
}
