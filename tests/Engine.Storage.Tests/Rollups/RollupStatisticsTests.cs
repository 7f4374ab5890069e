using Engine.Storage.Rollups;
using FsCheck.Xunit;

namespace Engine.Storage.Tests.Rollups;

public class RollupStatisticsTests
{
    [Property(MaxTest = 300)]
    public void Merged_partitions_equal_the_whole_exactly_except_for_rounding_of_sums((byte Time, short Value)[] samples, int seed)
    {
        // Few distinct times, so that ties between first and last candidates are common.
        var points = samples.Select(s => (Time: (long)(s.Time % 16), Value: s.Value / 8.0)).ToArray();
        var whole = Build(points);
        var random = new Random(seed);
        var parts = points.GroupBy(_ => random.Next(4)).Select(g => Build(g.ToArray())).OrderBy(_ => random.Next()).ToArray();
        var merged = default(RollupStatistics);
        foreach (var part in parts)
            merged.Merge(part);

        Assert.Equal(whole.Count, merged.Count);
        Assert.Equal(whole.Min, merged.Min);
        Assert.Equal(whole.Max, merged.Max);
        Assert.Equal((whole.FirstTime, whole.FirstValue), (merged.FirstTime, merged.FirstValue));
        Assert.Equal((whole.LastTime, whole.LastValue), (merged.LastTime, merged.LastValue));
        Assert.Equal(whole.Sum, merged.Sum, 1e-9 * (1 + Math.Abs(whole.Sum)));
        Assert.Equal(whole.SumOfSquares, merged.SumOfSquares, 1e-9 * (1 + whole.SumOfSquares));
        if (points.Length > 0)
        {
            Assert.Equal(points.Min(p => p.Time), whole.FirstTime);
            Assert.Equal(points.Where(p => p.Time == whole.FirstTime).Max(p => p.Value), whole.FirstValue);
            Assert.Equal(points.Max(p => p.Time), whole.LastTime);
            Assert.Equal(points.Where(p => p.Time == whole.LastTime).Max(p => p.Value), whole.LastValue);
        }
    }

    [Fact]
    public void The_default_value_is_empty_and_merging_it_changes_nothing()
    {
        var stats = Build([(5, 2.0), (7, -1.0)]);
        var before = stats;
        stats.Merge(default);
        Assert.Equal(before, stats);
        Assert.Equal(2, stats.Count);
        Assert.Equal(1.0, stats.Sum);
        Assert.Equal(5.0, stats.SumOfSquares);
        Assert.Equal((5L, 2.0, 7L, -1.0), (stats.FirstTime, stats.FirstValue, stats.LastTime, stats.LastValue));
    }

    private static RollupStatistics Build((long Time, double Value)[] points)
    {
        var stats = default(RollupStatistics);
        foreach (var (time, value) in points)
            stats.Add(time, value);
        return stats;
    }
}
