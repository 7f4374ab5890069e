using System.Globalization;
using Engine.Query.Planning;
using Engine.Storage;

namespace Engine.Query.Execution;

/// <summary>
/// EXPLAIN: what a select would read, tier by tier (the spans of time each tier answers, and the
/// chunks, files and bytes it touches), from the index, chunk footers and rollup footers only.
/// </summary>
internal static class Explain
{
    public static ResultSeries Run(SelectPlan plan, TierPlan tiers, StorageEngine storage)
    {
        var series = plan.Series.ToArray();
        using var rollups = storage.OpenRollupFiles();
        var tiersRead = tiers.Tiers;
        List<string> lines =
        [
            $"tiers: {(tiersRead.Count == 0 ? "none (no series, or the range is past every retention)" : string.Join(", ", tiersRead.Select(Name)))}",
            $"measurement: {plan.Select.Measurement}",
            $"time range: {Describe(plan.Range.Start, "unbounded")} to {Describe(plan.Range.End, "unbounded")} (end exclusive)",
            $"kind: {(plan.IsAggregate ? "aggregate" : "raw points")}",
            $"groups: {plan.Groups.Count}",
            $"shards: {series.Select(s => s.Shard).Distinct().Count()} of {storage.ShardCount}",
            $"series: {series.Length}",
        ];
        foreach (var tier in tiersRead)
        {
            var spans = series.SelectMany(s => tiers.SpansOf(s.Shard).Where(span => span.Tier == tier).Select(span => (Series: s, Span: span))).ToArray();
            var from = Describe(spans.Min(s => s.Span.Start), "unbounded");
            var to = Describe(spans.Max(s => s.Span.End), "unbounded");
            if (tier == RetentionTier.Raw)
            {
                var reads = spans.Select(s => storage.PlanRetainedRead(s.Series, s.Span.Start, s.Span.End)).ToArray();
                lines.Add($"raw: {from} to {to}, chunks {reads.Sum(r => r.Chunks)}, bytes {reads.Sum(r => r.Bytes)}, series with samples in the head {spans.Where((_, i) => reads[i].TouchesHead).Select(s => s.Series).Distinct().Count()}");
            }
            else
            {
                var reads = spans.Select(s => rollups.PlanRead(s.Series, s.Span.RollupTier, s.Span.Start, s.Span.End)).ToArray();
                lines.Add($"{Name(tier)}: {from} to {to}, series blocks {reads.Sum(r => r.Blocks)}, bytes {reads.Sum(r => r.Bytes)}");
            }
        }

        return new ResultSeries(string.Empty, [], ["QUERY PLAN"], [.. lines.Select(line => new object?[] { line })]);
    }

    private static string Name(RetentionTier tier) => tier switch
    {
        RetentionTier.Hourly => "hourly rollups",
        RetentionTier.Daily => "daily rollups",
        _ => "raw",
    };

    private static string Describe(long time, string unbounded) =>
        time is long.MinValue or long.MaxValue
            ? unbounded
            : DateTimeOffset.UnixEpoch.AddTicks(time / 100).ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
}
