using Engine.Storage.Model;
using Engine.Storage.Rollups;

namespace Engine.Query.Aggregation;

/// <summary>
/// What one time bucket of one group knows about one field: the mergeable summary every
/// aggregate reads (shared with rollups), and the raw values when a median or percentile needs them.
/// </summary>
internal sealed class BucketAccumulator(bool keepValues, bool exactSum)
{
    public SampleSummary Summary { get; } = new(exactSum);

    public long Count => Summary.Count;

    public SortedValues? Values { get; } = keepValues ? new SortedValues() : null;

    /// <summary>Adds samples of one block run, known to be in time order.</summary>
    public void AddNumeric(FieldType type, ReadOnlySpan<long> timestamps, ReadOnlySpan<ulong> bits)
    {
        Summary.AddNumeric(type, timestamps, bits);
        if (Values is not null)
        {
            Values.Reserve(bits.Length);
            foreach (var raw in bits)
            {
                Values.Add(NumericBits.ToDouble(type, raw));
            }
        }
    }

    public void AddOther(FieldType type, ReadOnlySpan<long> timestamps, ReadOnlySpan<ulong> bits, ReadOnlySpan<string?> strings) =>
        Summary.AddOther(type, timestamps, bits, strings);

    /// <summary>Nearest rank, as InfluxQL: exact, from the bucket's values.</summary>
    public double? Percentile(double percent) => Values!.Percentile(percent);

    public double? Median() => Values!.Median();

    public void Merge(BucketAccumulator other, FieldType type)
    {
        Summary.Merge(other.Summary, type);
        if (other.Values is not null)
        {
            Values?.AddRange(other.Values);
        }
    }
}
