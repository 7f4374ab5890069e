using Engine.Query.Aggregation;
using Engine.Query.Language;
using Engine.Storage.Model;
using Engine.Storage.Rollups;
using Engine.Storage.Segments;

namespace Engine.Query.Execution;

/// <summary>The accumulators of one field of one group, by bucket start.</summary>
/// <remarks>
/// With a <paramref name="valueBudget"/>, buckets keep their values (for median and percentiles) within it;
/// with <paramref name="exactSum"/>, their sums are exact (<see cref="Storage.Rollups.ExactSum"/>).
/// </remarks>
internal sealed class BucketMap(BucketLayout layout, FieldType type, ValueBudget? valueBudget, bool exactSum)
{
    public Dictionary<long, BucketAccumulator> Buckets { get; } = [];

    public FieldType Type => type;

    /// <summary>Adds a block of samples in time order, one run of samples per bucket it spans.</summary>
    public void Add(DecodedBlock block)
    {
        var timestamps = block.Timestamps;
        var index = 0;
        while (index < timestamps.Length)
        {
            var start = layout.StartOf(timestamps[index]);
            var end = layout.EndOf(start);
            var runEnd = index + 1;
            while (runEnd < timestamps.Length && timestamps[runEnd] < end)
            {
                runEnd++;
            }

            var bucket = BucketAt(start);
            var length = runEnd - index;
            if (NumericBits.IsNumeric(block.Type))
            {
                valueBudget?.Take(length);
                bucket.AddNumeric(block.Type, timestamps.AsSpan(index, length), block.Values.AsSpan(index, length));
            }
            else
            {
                bucket.AddOther(block.Type, timestamps.AsSpan(index, length), block.Values.AsSpan(index, length), block.Type == FieldType.String ? block.Strings.AsSpan(index, length) : []);
            }

            index = runEnd;
        }
    }

    /// <summary>Adds a rollup record (an hour or a day) to the bucket holding it, whole.</summary>
    public void AddRollup(RollupRecord record) => BucketAt(layout.StartOf(record.Start)).AddRollup(record);

    public void Merge(BucketMap other)
    {
        foreach (var (start, bucket) in other.Buckets)
        {
            BucketAt(start).Merge(bucket, type);
        }
    }

    /// <summary>Computes the buckets' medians and percentiles, once they are complete, and lets their values and sketches go.</summary>
    public void Seal(IReadOnlyList<(AggregateFunction Function, double Percent)> orderStatistics)
    {
        foreach (var bucket in Buckets.Values)
        {
            bucket.Seal(orderStatistics);
        }
    }

    private BucketAccumulator BucketAt(long start)
    {
        if (!Buckets.TryGetValue(start, out var bucket))
        {
            bucket = new BucketAccumulator(keepValues: valueBudget is not null, exactSum);
            Buckets.Add(start, bucket);
        }

        return bucket;
    }
}
