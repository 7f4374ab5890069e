using System.Runtime.CompilerServices;

namespace Engine.Storage.Rollups;

/// <summary>
/// A mergeable quantile sketch in the manner of DDSketch: values are counted in logarithmic
/// buckets, so every quantile estimate is within a relative α (default 1%) of the exact
/// nearest-rank value. Count, minimum and maximum are exact. Merging adds bucket counts, so any
/// grouping and order of merges gives the same sketch, byte for byte. See docs/rollups.md.
/// </summary>
/// <remarks>
/// <para>Positive values and negative values live in separate <see cref="BucketStore"/>s; magnitudes
/// below <see cref="LogarithmicMapping.ZeroThreshold"/> (and ±0) in a zero count; ±∞ in counts of
/// their own, so they come back exactly. NaN has no rank and is refused.</para>
/// <para>Each store is bounded (<see cref="MaxBucketsPerStore"/>). The negative store is keyed by
/// −index(|x|), so in both stores a lower key is a lower value and collapsing always gives up the
/// lowest values of a sign: a quantile whose exact value lies above a collapsed store's lowest
/// bucket keeps the α guarantee; one in or below that bucket reads the bucket's value (clamped to
/// [min, max]), which can overestimate without bound but underestimates by at most α. With α = 1%
/// and 2,048 buckets a store spans a ratio of about 6·10¹⁷ before anything collapses.</para>
/// </remarks>
public sealed class QuantileSketch
{
    public const int DefaultMaxBucketsPerStore = 2048;

    /// <summary>Bounds what a decoder may allocate: 32,768 buckets are 256 KiB per store.</summary>
    public const int MaxBucketLimit = 32_768;

    public QuantileSketch(int relativeAccuracyPpm = LogarithmicMapping.DefaultRelativeAccuracyPpm, int maxBucketsPerStore = DefaultMaxBucketsPerStore)
        : this(LogarithmicMapping.For(relativeAccuracyPpm), ValidLimit(maxBucketsPerStore))
    {
    }

    private QuantileSketch(LogarithmicMapping mapping, int maxBucketsPerStore)
        : this(mapping, new BucketStore(maxBucketsPerStore), new BucketStore(maxBucketsPerStore))
    {
    }

    internal QuantileSketch(LogarithmicMapping mapping, BucketStore negative, BucketStore positive)
    {
        Mapping = mapping;
        Negative = negative;
        Positive = positive;
    }

    /// <summary>α in millionths (10,000 = 1%).</summary>
    public int RelativeAccuracyPpm => Mapping.RelativeAccuracyPpm;

    public double RelativeAccuracy => Mapping.RelativeAccuracyPpm / 1e6;

    public int MaxBucketsPerStore => Positive.Limit;

    public long Count { get; private set; }

    /// <summary>The exact smallest value; +∞ while the sketch is empty.</summary>
    public double Min { get; private set; } = double.PositiveInfinity;

    /// <summary>The exact largest value; −∞ while the sketch is empty.</summary>
    public double Max { get; private set; } = double.NegativeInfinity;

    /// <summary>Whether a bucket limit was reached, so that the lowest values lost their guarantee (see remarks).</summary>
    public bool IsCollapsed => Negative.IsCollapsed || Positive.IsCollapsed;

    internal LogarithmicMapping Mapping { get; }

    /// <summary>Negative values, keyed by −index(|x|).</summary>
    internal BucketStore Negative { get; }

    internal BucketStore Positive { get; }

    internal long ZeroCount { get; private set; }

    internal long NegativeInfinityCount { get; private set; }

    internal long PositiveInfinityCount { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(double value)
    {
        if (value >= LogarithmicMapping.ZeroThreshold && value <= double.MaxValue)
        {
            Positive.Add(Mapping.Index(value), 1);
        }
        else if (value <= -LogarithmicMapping.ZeroThreshold && value >= double.MinValue)
        {
            Negative.Add(-Mapping.Index(-value), 1);
        }
        else
        {
            CountSpecial(value);
        }

        Count++;
        // Math.Min and Math.Max order −0 below +0, so the extremes do not depend on arrival order.
        Min = Math.Min(Min, value);
        Max = Math.Max(Max, value);
    }

    /// <summary>Adds the counts of <paramref name="other"/>, which must have the same relative accuracy; this sketch's bucket limit applies.</summary>
    public void Merge(QuantileSketch other)
    {
        if (other.RelativeAccuracyPpm != RelativeAccuracyPpm)
        {
            throw new ArgumentException($"cannot merge a sketch of relative accuracy {other.RelativeAccuracyPpm} ppm into one of {RelativeAccuracyPpm} ppm", nameof(other));
        }

        Negative.Merge(other.Negative);
        Positive.Merge(other.Positive);
        ZeroCount += other.ZeroCount;
        NegativeInfinityCount += other.NegativeInfinityCount;
        PositiveInfinityCount += other.PositiveInfinityCount;
        Count = checked(Count + other.Count);
        Min = Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
    }

    /// <summary>
    /// Gives the bucket arrays back to the pool (see <see cref="BucketStore"/>) and leaves the sketch
    /// empty: for a sketch that is no longer needed, such as one merged into another.
    /// </summary>
    public void Release()
    {
        Negative.Release();
        Positive.Release();
        RestoreExact(0, 0, 0, double.PositiveInfinity, double.NegativeInfinity);
    }

    /// <summary>
    /// The value at 1-based rank ⌊n·q + 0.5⌋ (at least 1), the engine's nearest rank: q = 0 is the
    /// exact minimum, q = 1 the exact maximum. Null while empty.
    /// </summary>
    public double? Quantile(double q)
    {
        if (!(q is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "a quantile is between 0 and 1");
        }

        return Count == 0 ? null : ValueAtRank(Math.Max(1, NearestRank(Count * q)));
    }

    /// <summary>
    /// The engine's percentile(field, p) answered from the sketch: the value at 1-based rank
    /// ⌊n·p/100 + 0.5⌋, computed with the same arithmetic as the exact one, and none below rank 1.
    /// </summary>
    public double? Percentile(double percent)
    {
        if (!(percent is >= 0 and <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "a percentile is between 0 and 100");
        }

        var rank = NearestRank(Count * percent / 100.0);
        return rank < 1 ? null : ValueAtRank(rank);
    }

    /// <summary>The estimate of the <paramref name="rank"/>-th smallest value (1 ≤ rank ≤ Count), exact at both ends.</summary>
    public double ValueAtRank(long rank)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rank, Count);
        if (rank == 1)
        {
            return Min;
        }

        return rank == Count ? Max : Math.Clamp(Estimate(rank), Min, Max);
    }

    internal void RestoreExact(long zeroCount, long negativeInfinityCount, long positiveInfinityCount, double min, double max)
    {
        ZeroCount = zeroCount;
        NegativeInfinityCount = negativeInfinityCount;
        PositiveInfinityCount = positiveInfinityCount;
        Count = Negative.Total + Positive.Total + zeroCount + negativeInfinityCount + positiveInfinityCount;
        Min = min;
        Max = max;
    }

    private static long NearestRank(double position) => (long)Math.Floor(position + 0.5);

    private static int ValidLimit(int maxBucketsPerStore)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBucketsPerStore, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBucketsPerStore, MaxBucketLimit);
        return maxBucketsPerStore;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CountSpecial(double value)
    {
        if (double.IsNaN(value))
        {
            throw new ArgumentException("NaN has no rank; leave it out of the sketch", nameof(value));
        }

        if (double.IsPositiveInfinity(value))
        {
            PositiveInfinityCount++;
        }
        else if (double.IsNegativeInfinity(value))
        {
            NegativeInfinityCount++;
        }
        else
        {
            ZeroCount++;
        }
    }

    /// <summary>Walks the counts in value order: −∞, negatives, zeros, positives, +∞.</summary>
    private double Estimate(long rank)
    {
        if (rank <= NegativeInfinityCount)
        {
            return double.NegativeInfinity;
        }

        rank -= NegativeInfinityCount;
        if (rank <= Negative.Total)
        {
            return -Mapping.Value(-Negative.KeyAtRank(rank));
        }

        rank -= Negative.Total;
        if (rank <= ZeroCount)
        {
            return 0;
        }

        rank -= ZeroCount;
        return rank <= Positive.Total ? Mapping.Value(Positive.KeyAtRank(rank)) : double.PositiveInfinity;
    }
}
