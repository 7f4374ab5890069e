using Engine.Storage.Rollups;
using FsCheck.Xunit;

namespace Engine.Storage.Tests.Rollups;

/// <summary>The exact sum is the correctly rounded true sum, whatever the order and grouping of additions and merges.</summary>
public sealed class ExactSumTests
{
    [Property(MaxTest = 300)]
    public void The_sum_is_the_true_sum_rounded_once_in_any_order_and_grouping(int seed, byte countSeed)
    {
        var random = new Random(seed);
        var values = Enumerable.Range(0, 1 + countSeed).Select(_ => Value(random)).ToArray();
        var expected = ExactSumOracle.Sum(values);

        var inOrder = new ExactSum();
        inOrder.Add(values);
        Assert.Equal(expected, inOrder.Value);

        // Shuffled, split into random parts, each part summed alone and merged in random order.
        var shuffled = values.OrderBy(_ => random.Next()).ToArray();
        var parts = new List<ExactSum>();
        for (var i = 0; i < shuffled.Length;)
        {
            var length = random.Next(1, shuffled.Length - i + 1);
            var part = new ExactSum();
            part.Add(shuffled.AsSpan(i, length));
            parts.Add(part);
            i += length;
        }

        var merged = new ExactSum();
        foreach (var part in parts.OrderBy(_ => random.Next()))
        {
            var restored = new ExactSum();
            restored.Restore(part.Partials, part.NonFinite);
            merged.Merge(restored);
        }

        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(merged.Value));
    }

    [Fact]
    public void Cancellation_keeps_what_a_running_sum_loses()
    {
        var sum = new ExactSum();
        sum.Add([1e100, 1.0, -1e100, 0.1, 0.2, -0.3]);
        Assert.Equal(ExactSumOracle.Sum([1e100, 1.0, -1e100, 0.1, 0.2, -0.3]), sum.Value);
        Assert.NotEqual(1e100 + 1.0 - 1e100, sum.Value);
    }

    [Fact]
    public void Infinities_and_nan_are_summed_apart()
    {
        var sum = new ExactSum();
        sum.Add([1.0, double.PositiveInfinity, 2.0]);
        Assert.Equal(double.PositiveInfinity, sum.Value);
        sum.Add(double.NegativeInfinity);
        Assert.True(double.IsNaN(sum.Value));
    }

    /// <summary>Values of every scale and sign, many of them decimals that binary cannot hold exactly.</summary>
    private static double Value(Random random) => random.Next(4) switch
    {
        0 => Math.Round((random.NextDouble() - 0.5) * 2000, 2),
        1 => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-300, 300)),
        2 => random.Next(-1000, 1000),
        _ => BitConverter.Int64BitsToDouble(random.NextInt64()) is var x && double.IsFinite(x) && Math.Abs(x) < 1e300 ? x : 0.5,
    };
}
