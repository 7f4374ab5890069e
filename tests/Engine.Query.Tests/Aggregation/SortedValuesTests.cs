using Engine.Query.Aggregation;
using FsCheck.Xunit;

namespace Engine.Query.Tests.Aggregation;

/// <summary>
/// Percentiles and medians found by selection equal those of a full sort (NaN first), whatever
/// the values (duplicates, infinities, NaN, both zeros), the order of lookups and values added between them.
/// </summary>
public sealed class SortedValuesTests
{
    private static readonly double[] Specials = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 0.0, double.MaxValue, double.Epsilon];

    [Property(MaxTest = 300)]
    public void Ranks_equal_those_of_a_full_sort(int seed, byte shape)
    {
        var random = new Random(seed);
        var values = new SortedValues();
        var oracle = new List<double>();
        for (var round = 0; round < 4; round++)
        {
            var more = Enumerable.Range(0, Size(random, shape)).Select(_ => Value(random, shape)).ToArray();
            if (random.Next(2) == 0)
            {
                values.AddRange(more);
            }
            else
            {
                Array.ForEach(more, values.Add);
            }

            oracle.AddRange(more);
            var sorted = oracle.ToArray();
            Array.Sort(sorted);
            for (var lookup = 0; lookup < 6; lookup++)
            {
                if (random.Next(4) == 0)
                {
                    AssertSame(Median(sorted), values.Median());
                    continue;
                }

                var percent = random.Next(3) == 0 ? random.NextDouble() * 100 : new[] { 0, 1, 50, 95, 99, 100 }[random.Next(6)];
                AssertSame(NearestRank(sorted, percent), values.Percentile(percent));
            }
        }
    }

    [Fact]
    public void Adversarial_orders_are_placed_correctly()
    {
        var n = 5000;
        foreach (var values in new[]
        {
            Enumerable.Range(0, n).Select(i => (double)i).ToArray(),
            Enumerable.Range(0, n).Select(i => (double)(n - i)).ToArray(),
            Enumerable.Range(0, n).Select(i => (double)(i % 2 == 0 ? i : n - i)).ToArray(), // organ pipe
            Enumerable.Repeat(7.0, n).ToArray(),
        })
        {
            var sorted = values.OrderBy(v => v).ToArray();
            for (var k = 0; k < n; k += 97)
            {
                var copy = values.ToArray();
                Selection.Place(copy, k);
                Assert.Equal(sorted[k], copy[k]);
                Assert.True(copy.AsSpan(0, k).ToArray().All(v => v <= copy[k]) && copy.AsSpan(k).ToArray().All(v => v >= copy[k]));
            }
        }
    }

    private static int Size(Random random, byte shape) => (shape % 4) switch
    {
        0 => random.Next(0, 4),
        1 => random.Next(0, 40),
        2 => random.Next(0, 400),
        _ => random.Next(0, 3000),
    };

    private static double Value(Random random, byte shape) => (shape >> 4) switch
    {
        < 4 => Math.Round(random.NextDouble() * 100, 1),
        < 8 => random.Next(5), // many duplicates
        < 12 => random.NextDouble() - 0.5,
        _ => random.Next(4) == 0 ? Specials[random.Next(Specials.Length)] : random.NextDouble(),
    };

    private static double? NearestRank(double[] sorted, double percent)
    {
        var rank = (long)Math.Floor((sorted.Length * percent / 100.0) + 0.5);
        return rank < 1 || rank > sorted.Length ? null : sorted[rank - 1];
    }

    private static double? Median(double[] sorted)
    {
        if (sorted.Length == 0)
            return null;
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : sorted[middle - 1] + ((sorted[middle] - sorted[middle - 1]) / 2);
    }

    // Both zeros compare equal, and a sort may put either first: compare values, NaN equal to NaN.
    private static void AssertSame(double? expected, double? actual)
    {
        Assert.Equal(expected.HasValue, actual.HasValue);
        if (expected is { } e && actual is { } a)
            Assert.True(e.Equals(a) || e == a, $"{a} instead of {e}");
    }
}
