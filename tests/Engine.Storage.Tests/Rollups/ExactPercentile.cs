using Engine.Storage.Rollups;

namespace Engine.Storage.Tests.Rollups;

/// <summary>The oracle: the query engine's exact nearest-rank percentile over sorted values.</summary>
public static class ExactPercentile
{
    public static double? Of(double[] sorted, double percent)
    {
        // The same expression as Engine.Query's SortedValues.Percentile.
        var rank = (long)Math.Floor((sorted.Length * percent / 100.0) + 0.5);
        return rank < 1 || rank > sorted.Length ? null : sorted[rank - 1];
    }

    public static double[] Sorted(IEnumerable<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    /// <summary>γ^index, the upper edge of a default-mapping bucket: its value 2γ^i/(1+γ) is (1−α) times it.</summary>
    public static double UpperEdge(int index) => LogarithmicMapping.Default.Value(index) / (1 - (0.01 * (1 - 1e-6)));

    /// <summary>Within relative α, or both below the zero threshold (where the sketch answers 0 clamped to [min, max]).</summary>
    public static void AssertClose(double exact, double estimate, double alpha, string context)
    {
        var close = exact.Equals(estimate)
            || Math.Abs(estimate - exact) <= alpha * Math.Abs(exact)
            || (Math.Abs(estimate) < LogarithmicMapping.ZeroThreshold && Math.Abs(exact) < LogarithmicMapping.ZeroThreshold);
        Assert.True(close, $"{context}: estimate {estimate:R} vs exact {exact:R} (relative error {Math.Abs(estimate - exact) / Math.Abs(exact):G4})");
    }
}
