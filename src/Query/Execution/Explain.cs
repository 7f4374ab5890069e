using System.Globalization;
using Engine.Storage;

namespace Engine.Query.Execution;

/// <summary>EXPLAIN: what a select would read (tier, shards, series, chunks, bytes), from the index and chunk footers only.</summary>
internal static class Explain
{
    public static ResultSeries Run(SelectPlan plan, StorageEngine storage)
    {
        var series = plan.Series.ToArray();
        var reads = series.Select(s => storage.PlanRetainedRead(s, plan.Range.Start, plan.Range.End)).ToArray();
        var lines = new[]
        {
            $"tier: raw",
            $"measurement: {plan.Select.Measurement}",
            $"time range: {Describe(plan.Range.Start, "unbounded")} to {Describe(plan.Range.End, "unbounded")} (end exclusive)",
            $"kind: {(plan.IsAggregate ? "aggregate" : "raw points")}",
            $"groups: {plan.Groups.Count}",
            $"shards: {series.Select(s => s.Shard).Distinct().Count()} of {storage.ShardCount}",
            $"series: {series.Length}",
            $"chunks: {reads.Sum(r => r.Chunks)}",
            $"bytes: {reads.Sum(r => r.Bytes)}",
            $"series with samples in the head: {reads.Count(r => r.TouchesHead)}",
        };
        return new ResultSeries(string.Empty, [], ["QUERY PLAN"], [.. lines.Select(line => new object?[] { line })]);
    }

    private static string Describe(long time, string unbounded) =>
        time is long.MinValue or long.MaxValue
            ? unbounded
            : DateTimeOffset.UnixEpoch.AddTicks(time / 100).ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
}
