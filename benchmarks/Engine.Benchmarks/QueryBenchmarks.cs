using BenchmarkDotNet.Attributes;
using Engine.DataGen;
using Engine.Ingest;
using Engine.Query;
using Engine.Query.Execution;

namespace Engine.Benchmarks;

/// <summary>
/// The query targets of the query-engine issue, on the 1-day cpu dataset and the application
/// dataset, imported and flushed to segments first (as after `engine import`), with their rollups
/// built (as the server's background job does within seconds), so that the planner answers (a) to
/// (c) from them whatever the timing of the background job during the run:
/// (a) p99 of one field of one host over the day, (b) p50/p95/p99 per host per hour,
/// (c) max of every field over the last hour per host, (d) count/mean/p95/p99 per agent over 30 s.
/// </summary>
[MemoryDiagnoser]
public class QueryBenchmarks
{
    private const string DayStart = "2016-01-01T00:00:00Z";

    private string _folder = "";
    private EmbeddedEngine _engine = null!;
    private QueryEngine _query = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "engine-bench-query-" + Guid.NewGuid().ToString("N"));
        _engine = EmbeddedEngine.Open(_folder);
        Import(new CpuDataset(new DatasetOptions()).WriteLines);
        Import(new AppDataset(new DatasetOptions()).WriteLines);
        _engine.Flush();
        _engine.Storage.BuildRollups();
        _query = new QueryEngine(_engine.Storage);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Description = "(a) p99 of one host's usage_user over the day")]
    public StatementResult OneSeriesPercentile() =>
        Run($"SELECT percentile(usage_user, 99) FROM cpu WHERE hostname = 'host_0' AND time >= '{DayStart}' AND time < '{DayStart}' + 1d");

    [Benchmark(Description = "(b) p50/p95/p99 per host per hour")]
    public StatementResult PercentilesPerHostPerHour() =>
        Run($"SELECT p50(usage_user), p95(usage_user), p99(usage_user) FROM cpu WHERE time >= '{DayStart}' AND time < '{DayStart}' + 1d GROUP BY time(1h), hostname");

    [Benchmark(Description = "(c) max of every field over the last hour per host")]
    public StatementResult MaxOfEveryFieldLastHour() =>
        Run($"SELECT max(*) FROM cpu WHERE time >= '{DayStart}' + 23h AND time < '{DayStart}' + 1d GROUP BY hostname");

    [Benchmark(Description = "(d) count/mean/p95/p99 per agent over 30 s")]
    public StatementResult AppLatencyWindow() =>
        Run($"SELECT count(latency_ms), mean(latency_ms), p95(latency_ms), p99(latency_ms) FROM request_latency WHERE time >= '{DayStart}' + 12h AND time < '{DayStart}' + 12h30s GROUP BY agent");

    private StatementResult Run(string query)
    {
        var result = _query.Execute(query)[0];
        return result.Error is null ? result : throw new InvalidOperationException(result.Error);
    }

    private void Import(Action<Stream> writeLines)
    {
        using var lines = new MemoryStream();
        writeLines(lines);
        var result = _engine.WriteLineProtocol(lines.GetBuffer().AsSpan(0, (int)lines.Length));
        if (result.HasErrors)
        {
            throw new InvalidOperationException($"{result.LinesRejected} lines rejected");
        }
    }
}
