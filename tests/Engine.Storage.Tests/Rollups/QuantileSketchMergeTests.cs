using Engine.Storage.Rollups;
using FsCheck.Xunit;

namespace Engine.Storage.Tests.Rollups;

[Properties(Arbitrary = [typeof(SketchGenerators)])]
public class QuantileSketchMergeTests
{
    [Property(MaxTest = 300)]
    public void Any_partition_merged_in_any_order_and_grouping_gives_the_same_bytes(DataSet data, int partitionSeed, bool smallLimit)
    {
        // A limit of 16 buckets makes most data sets collapse, which merging must reproduce exactly too.
        var limit = smallLimit ? 16 : QuantileSketch.DefaultMaxBucketsPerStore;
        var whole = QuantileSketchAccuracyTests.Build(data.Values, limit);
        var random = new Random(partitionSeed);
        var parts = Partition(data.Values, random).Select(part => QuantileSketchAccuracyTests.Build(part, limit)).ToList();

        var merged = MergeInRandomGrouping(parts, random, limit);

        Assert.Equal(QuantileSketchFormat.ToBytes(whole), QuantileSketchFormat.ToBytes(merged));
        Assert.Equal(whole.IsCollapsed, merged.IsCollapsed);
        for (var percent = 0; percent <= 100; percent++)
            Assert.Equal(whole.Percentile(percent), merged.Percentile(percent));
    }

    [Fact]
    public void Sketches_of_different_accuracy_do_not_merge()
    {
        var coarse = new QuantileSketch(relativeAccuracyPpm: 20_000);
        Assert.Throws<ArgumentException>(() => new QuantileSketch().Merge(coarse));
    }

    [Fact]
    public void Merging_an_empty_sketch_changes_nothing()
    {
        var sketch = QuantileSketchAccuracyTests.Build([1, 2, 3]);
        var before = QuantileSketchFormat.ToBytes(sketch);
        sketch.Merge(new QuantileSketch());
        Assert.Equal(before, QuantileSketchFormat.ToBytes(sketch));
    }

    private static List<double[]> Partition(double[] values, Random random)
    {
        var partCount = random.Next(1, 8);
        var parts = Enumerable.Range(0, partCount).Select(_ => new List<double>()).ToArray();
        foreach (var value in values)
            parts[random.Next(partCount)].Add(value);
        return parts.Select(part => part.ToArray()).ToList();
    }

    /// <summary>Repeatedly merges two random sketches (either into the other, or both into a fresh one) until one is left.</summary>
    private static QuantileSketch MergeInRandomGrouping(List<QuantileSketch> sketches, Random random, int limit)
    {
        while (sketches.Count > 1)
        {
            var left = sketches[random.Next(sketches.Count)];
            sketches.Remove(left);
            var right = sketches[random.Next(sketches.Count)];
            sketches.Remove(right);
            if (random.Next(3) == 0)
            {
                var fresh = new QuantileSketch(maxBucketsPerStore: limit);
                fresh.Merge(right);
                fresh.Merge(left);
                sketches.Add(fresh);
            }
            else
            {
                left.Merge(right);
                sketches.Add(left);
            }
        }

        return sketches[0];
    }
}
