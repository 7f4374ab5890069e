using BenchmarkDotNet.Attributes;
using Engine.Query;
using Engine.Query.Execution;

namespace Engine.Benchmarks;

/// <summary>
/// The rollup issue's query targets on a year of history (<see cref="YearOfCpu"/>, 100 hosts):
/// p50/p95/p99 per day over the 365 days for one series (target ≤ 20 ms) and for every host
/// (target ≤ 200 ms). The planner answers both from the daily rollups' sketches.
/// </summary>
[MemoryDiagnoser]
public class RollupQueryBenchmarks
{
    private const string Percentiles = "SELECT p50(usage), p95(usage), p99(usage) FROM cpu";
    private const string Year = $"time >= '{YearOfCpu.From}' AND time < '{YearOfCpu.Until}'";

    private YearOfCpu _year = null!;
    private QueryEngine _query = null!;

    [GlobalSetup]
    public void Setup()
    {
        _year = YearOfCpu.Create(hosts: 100);
        _query = new QueryEngine(_year.Storage);
    }

    [GlobalCleanup]
    public void Cleanup() => _year.Dispose();

    [Benchmark(Description = "p50/p95/p99 per day over 365 days, one series")]
    public StatementResult OneSeries() => Run($"{Percentiles} WHERE hostname = 'host_0' AND {Year} GROUP BY time(1d)");

    [Benchmark(Description = "p50/p95/p99 per day over 365 days, 100 hosts")]
    public StatementResult HundredHosts() => Run($"{Percentiles} WHERE {Year} GROUP BY time(1d), hostname");

    private StatementResult Run(string query)
    {
        var result = _query.Execute(query)[0];
        return result.Error is null ? result : throw new InvalidOperationException(result.Error);
    }
}
