using Engine.Query.Language;

namespace Engine.Query.Execution;

/// <summary>
/// Where GROUP BY time puts a timestamp: buckets of a fixed width aligned to the epoch plus an
/// offset. Without GROUP BY time there is one bucket, keyed 0.
/// </summary>
internal readonly record struct BucketLayout(long IntervalNs, long OffsetNs)
{
    public static BucketLayout Single { get; } = new(0, 0);

    public bool IsSingle => IntervalNs == 0;

    public static BucketLayout Of(GroupBy groupBy) =>
        groupBy.Time is { } time ? new(time.IntervalNs, Modulo(time.OffsetNs, time.IntervalNs)) : Single;

    /// <summary>
    /// Whether every bucket is a whole number of aligned spans of <paramref name="widthNs"/> (hours
    /// or days since the epoch), so rollups of that width fall each in one bucket.
    /// </summary>
    public bool IsMultipleOf(long widthNs) => IsSingle || (IntervalNs % widthNs == 0 && OffsetNs % widthNs == 0);

    /// <summary>The start of the bucket holding <paramref name="time"/>.</summary>
    public long StartOf(long time) => IsSingle ? 0 : time - Modulo(time - OffsetNs, IntervalNs);

    /// <summary>The first time past the bucket starting at <paramref name="bucketStart"/>.</summary>
    public long EndOf(long bucketStart) =>
        IsSingle || bucketStart > long.MaxValue - IntervalNs ? long.MaxValue : bucketStart + IntervalNs;

    private static long Modulo(long value, long divisor)
    {
        var remainder = value % divisor;
        return remainder < 0 ? remainder + divisor : remainder;
    }
}
