using Engine.Storage.Rollups;
using FsCheck.Xunit;

namespace Engine.Storage.Tests.Rollups;

[Properties(Arbitrary = [typeof(SketchGenerators)])]
public class QuantileSketchAccuracyTests
{
    private const double Alpha = 0.01;

    [Property(MaxTest = 300)]
    public void Every_percentile_is_within_one_percent_of_the_exact_nearest_rank(DataSet data)
    {
        var sketch = Build(data.Values);
        var sorted = ExactPercentile.Sorted(data.Values);
        if (sketch.IsCollapsed)
        {
            Assert.Equal(DataShape.ExtremeSpan, data.Shape);
            return;
        }

        for (var percent = 0.0; percent <= 100; percent += percent < 99 ? 1 : 0.1)
        {
            var exact = ExactPercentile.Of(sorted, percent);
            var estimate = sketch.Percentile(percent);
            Assert.Equal(exact is null, estimate is null);
            if (exact is { } value)
                ExactPercentile.AssertClose(value, estimate!.Value, Alpha, $"p{percent}");
        }
    }

    [Property(MaxTest = 300)]
    public void Quantiles_use_the_nearest_rank_from_one_and_are_exact_at_both_ends(DataSet data)
    {
        var sketch = Build(data.Values);
        var sorted = ExactPercentile.Sorted(data.Values);
        Assert.Equal(sorted.Length, sketch.Count);
        Assert.Equal(sorted[0], sketch.Quantile(0));
        Assert.Equal(sorted[^1], sketch.Quantile(1));
        Assert.Equal(sorted[0], sketch.Min);
        Assert.Equal(sorted[^1], sketch.Max);
        if (sketch.IsCollapsed)
            return;

        for (var q = 0.0; q <= 1; q += 0.005)
        {
            var rank = Math.Max(1, (long)Math.Floor((sorted.Length * q) + 0.5));
            ExactPercentile.AssertClose(sorted[rank - 1], sketch.Quantile(q)!.Value, Alpha, $"q{q}");
        }
    }

    [Property(MaxTest = 1000)]
    public void A_bucket_value_is_within_alpha_of_every_magnitude_mapped_to_it(ulong bits)
    {
        var magnitude = Math.Abs(BitConverter.UInt64BitsToDouble(bits));
        if (!double.IsFinite(magnitude) || magnitude < LogarithmicMapping.ZeroThreshold)
            return;

        var mapping = LogarithmicMapping.Default;
        foreach (var x in new[] { magnitude, Math.BitIncrement(magnitude), Math.BitDecrement(magnitude) })
        {
            var value = mapping.Value(mapping.Index(x));
            if (double.IsFinite(value))
                Assert.True(Math.Abs(value - x) <= Alpha * x, $"{x:R} → bucket value {value:R}");
        }
    }

    [Fact]
    public void Bucket_edges_stay_within_alpha()
    {
        var mapping = LogarithmicMapping.Default;
        for (var index = mapping.MinIndex; index < mapping.MaxIndex; index += 7)
        {
            // γ^index is the upper edge of bucket index; its neighbours are the worst cases of rounding.
            var edge = ExactPercentile.UpperEdge(index);
            foreach (var x in new[] { edge, Math.BitIncrement(edge), Math.BitDecrement(edge) })
            {
                var value = mapping.Value(mapping.Index(x));
                Assert.True(Math.Abs(value - x) <= Alpha * x, $"{x:R} → bucket value {value:R}");
            }
        }
    }

    [Fact]
    public void Extreme_finite_values_are_exact_at_the_ends_and_clamped_between()
    {
        var sketch = Build([double.MaxValue, double.MaxValue, 1.7e308, -double.MaxValue, -double.MaxValue]);
        Assert.Equal(-double.MaxValue, sketch.Quantile(0));
        Assert.Equal(double.MaxValue, sketch.Quantile(1));
        ExactPercentile.AssertClose(double.MaxValue, sketch.Percentile(70)!.Value, Alpha, "p70");
    }

    [Fact]
    public void Infinities_come_back_exactly_and_NaN_is_refused()
    {
        var sketch = Build([double.NegativeInfinity, 1, 2, 3, double.PositiveInfinity, double.PositiveInfinity]);
        Assert.Equal(double.NegativeInfinity, sketch.ValueAtRank(1));
        Assert.Equal(double.PositiveInfinity, sketch.ValueAtRank(5));
        Assert.Equal(double.PositiveInfinity, sketch.ValueAtRank(6));
        ExactPercentile.AssertClose(2, sketch.ValueAtRank(3), Alpha, "rank 3");
        Assert.Throws<ArgumentException>(() => sketch.Add(double.NaN));
        Assert.Equal(6, sketch.Count);
    }

    [Fact]
    public void An_empty_sketch_has_no_quantiles_and_percentiles_below_rank_one_have_none()
    {
        var empty = new QuantileSketch();
        Assert.Null(empty.Quantile(0.5));
        Assert.Null(empty.Percentile(50));
        var two = Build([5, 7]);
        Assert.Null(two.Percentile(10));
        Assert.Equal(5, two.Percentile(25));
        Assert.Equal(5, two.Quantile(0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => two.Quantile(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => two.Percentile(double.NaN));
    }

    [Fact]
    public void Negative_zero_and_zero_give_order_independent_extremes()
    {
        var forward = Build([0.0, -0.0]);
        var backward = Build([-0.0, 0.0]);
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(forward.Min));
        Assert.Equal(QuantileSketchFormat.ToBytes(forward), QuantileSketchFormat.ToBytes(backward));
    }

    internal static QuantileSketch Build(IEnumerable<double> values, int maxBucketsPerStore = QuantileSketch.DefaultMaxBucketsPerStore)
    {
        var sketch = new QuantileSketch(maxBucketsPerStore: maxBucketsPerStore);
        foreach (var value in values)
            sketch.Add(value);
        return sketch;
    }
}
