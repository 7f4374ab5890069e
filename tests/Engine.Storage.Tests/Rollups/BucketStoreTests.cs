using Engine.Storage.Rollups;
using FsCheck.Xunit;

namespace Engine.Storage.Tests.Rollups;

public class BucketStoreTests
{
    [Fact]
    public void A_full_window_collapses_its_lowest_buckets_into_the_lowest_kept_one()
    {
        var store = new BucketStore(limit: 4);
        for (var key = 10; key < 14; key++)
            store.Add(key, key);
        Assert.False(store.IsCollapsed);

        store.Add(15, 1);

        Assert.True(store.IsCollapsed);
        Assert.Equal(12, store.MinKey);
        Assert.Equal(15, store.MaxKey);
        Assert.Equal([10 + 11 + 12, 13, 0, 1], store.Window.ToArray());
        Assert.Equal(10 + 11 + 12 + 13 + 1, store.Total);

        // Below the window now means the lowest bucket.
        store.Add(3, 5);
        Assert.Equal([38, 13, 0, 1], store.Window.ToArray());
    }

    [Fact]
    public void A_key_far_above_the_window_folds_everything_into_one_bucket()
    {
        var store = new BucketStore(limit: 3);
        store.Add(0, 1);
        store.Add(1, 2);
        store.Add(100, 4);
        Assert.Equal(98, store.MinKey);
        Assert.Equal([3, 0, 4], store.Window.ToArray());
    }

    [Property(MaxTest = 500)]
    public void Matches_the_rule_that_a_count_ends_at_max_of_its_key_and_the_final_window(short[] keys, byte limitSeed)
    {
        var limit = 1 + (limitSeed % 40);
        var store = new BucketStore(limit);
        foreach (var key in keys)
            store.Add(key, 1);
        if (keys.Length == 0)
        {
            Assert.True(store.IsEmpty);
            return;
        }

        Assert.Equal(Window(keys, limit), store.Window.ToArray());
        Assert.Equal(keys.Min() < keys.Max() - limit + 1, store.IsCollapsed);
    }

    [Property(MaxTest = 500)]
    public void Merging_two_halves_gives_the_store_of_the_whole(short[] keys, byte limitSeed, int splitSeed)
    {
        var limit = 1 + (limitSeed % 40);
        var random = new Random(splitSeed);
        var whole = new BucketStore(limit);
        var left = new BucketStore(limit);
        var right = new BucketStore(limit);
        foreach (var key in keys)
        {
            whole.Add(key, 1);
            (random.Next(2) == 0 ? left : right).Add(key, 1);
        }

        left.Merge(right);

        Assert.Equal(whole.Window.ToArray(), left.Window.ToArray());
        Assert.Equal((whole.MinKey, whole.Total, whole.IsCollapsed), (left.MinKey, left.Total, left.IsCollapsed));
    }

    /// <summary>Released arrays go back to the pool and come out again for other stores: nothing of the old counts may show.</summary>
    [Property(MaxTest = 300)]
    public void A_store_on_a_released_array_holds_only_its_own_counts(short[] first, short[] second, byte limitSeed)
    {
        var limit = 1 + (limitSeed % 40);
        var released = new BucketStore(limit);
        var merged = new BucketStore(limit);
        foreach (var key in first)
        {
            released.Add(key, 7);
            merged.Add(key, 3);
        }

        released.Release();
        Assert.True(released.IsEmpty);
        var reused = new BucketStore(limit);
        foreach (var key in second)
            reused.Add(key, 1);

        // Growing moves the window to a new array and returns the old one; merging in keeps using them.
        merged.Merge(reused);
        Assert.Equal(second.Length == 0 ? [] : Window(second, limit), reused.Window.ToArray());
        Assert.Equal(second.Length + (3L * first.Length), merged.Total);
    }

    private static long[] Window(short[] keys, int limit)
    {
        int max = keys.Max();
        int lowestKept = Math.Max(keys.Min(), max - limit + 1);
        var expected = new long[max - lowestKept + 1];
        foreach (var key in keys)
            expected[Math.Max(key, lowestKept) - lowestKept]++;
        return expected;
    }

    [Fact]
    public void A_collapsed_positive_store_keeps_the_guarantee_above_its_lowest_bucket_and_only_overestimates_below()
    {
        // Eight buckets of 1% cover a ratio of about 1.17; the values span 1..100.
        var lowestKeptKey = LogarithmicMapping.Default.Index(100) - 7;
        AssertGuaranteeAfterCollapse(
            Enumerable.Range(0, 1000).Select(i => Math.Pow(100, i / 999.0)).ToArray(),
            exact => exact > ExactPercentile.UpperEdge(lowestKeptKey));
    }

    [Fact]
    public void A_collapsed_negative_store_gives_up_the_most_negative_values()
    {
        // Keys are −index(|x|): the window keeps −1 and the values up to seven buckets below it.
        var highestKeptMagnitudeKey = LogarithmicMapping.Default.Index(1) + 6;
        AssertGuaranteeAfterCollapse(
            Enumerable.Range(0, 1000).Select(i => -Math.Pow(100, i / 999.0)).ToArray(),
            exact => -exact <= ExactPercentile.UpperEdge(highestKeptMagnitudeKey));
    }

    private static void AssertGuaranteeAfterCollapse(double[] values, Func<double, bool> keepsGuarantee)
    {
        var sketch = QuantileSketchAccuracyTests.Build(values, maxBucketsPerStore: 8);
        var sorted = ExactPercentile.Sorted(values);
        Assert.True(sketch.IsCollapsed);
        Assert.Equal(sorted[0], sketch.Quantile(0));
        Assert.Equal(sorted[^1], sketch.Quantile(1));
        var guaranteed = 0;
        for (var percent = 0.5; percent <= 100; percent += 0.5)
        {
            var exact = ExactPercentile.Of(sorted, percent)!.Value;
            var estimate = sketch.Percentile(percent)!.Value;
            if (keepsGuarantee(exact))
            {
                ExactPercentile.AssertClose(exact, estimate, 0.01, $"p{percent}");
                guaranteed++;
            }
            else
            {
                // What a collapsed bucket still promises: it may overestimate, but not underestimate by more than α.
                Assert.True(estimate >= exact - (0.01 * Math.Abs(exact)), $"p{percent}: {estimate:R} below {exact:R}");
            }
        }

        Assert.InRange(guaranteed, 1, 199);
    }
}
