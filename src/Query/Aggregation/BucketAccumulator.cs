using Engine.Storage.Model;
using Engine.Storage.Rollups;

namespace Engine.Query.Aggregation;

/// <summary>
/// What one time bucket of one group knows about one field: the mergeable summary every
/// aggregate reads (shared with rollups), and, when a median or percentile needs them, the raw
/// values and the quantile sketches of any rollups that answered part of the bucket.
/// </summary>
/// <remarks>
/// A bucket with only raw values answers order statistics exactly. Once a rollup's sketch is in
/// it, the raw values are folded into that sketch, so the answer is the sketch's: within its
/// relative accuracy, and marked as coming from a sketch.
/// </remarks>
internal sealed class BucketAccumulator(bool keepValues, bool exactSum)
{
    private QuantileSketch? _sketch;

    public SampleSummary Summary { get; } = new(exactSum);

    public long Count => Summary.Count;

    public SortedValues? Values { get; } = keepValues ? new SortedValues() : null;

    /// <summary>
    /// The relative accuracy of the quantile sketch a median or percentile of this bucket comes
    /// from; null when it comes from the exact values.
    /// </summary>
    public double? SketchAccuracy => _sketch?.RelativeAccuracy;

    /// <summary>Adds samples of one block run, known to be in time order.</summary>
    public void AddNumeric(FieldType type, ReadOnlySpan<long> timestamps, ReadOnlySpan<ulong> bits)
    {
        Summary.AddNumeric(type, timestamps, bits);
        if (Values is null)
        {
            return;
        }

        if (_sketch is not null)
        {
            foreach (var raw in bits)
            {
                AddToSketch(NumericBits.ToDouble(type, raw));
            }

            return;
        }

        Values.Reserve(bits.Length);
        foreach (var raw in bits)
        {
            Values.Add(NumericBits.ToDouble(type, raw));
        }
    }

    public void AddOther(FieldType type, ReadOnlySpan<long> timestamps, ReadOnlySpan<ulong> bits, ReadOnlySpan<string?> strings) =>
        Summary.AddOther(type, timestamps, bits, strings);

    /// <summary>Adds a rollup's summary and, when order statistics are wanted, its sketch.</summary>
    public void AddRollup(RollupRecord record)
    {
        Summary.Merge(record.Summary, record.Type);
        if (Values is not null && record.Sketch is { } sketch)
        {
            MergeSketch(sketch);
        }
    }

    /// <summary>Nearest rank, as InfluxQL: exact from the values, or read from the sketch.</summary>
    public double? Percentile(double percent) => _sketch is { } sketch ? sketch.Percentile(percent) : Values!.Percentile(percent);

    /// <summary>The middle value, or the mean of the two middle values of an even count.</summary>
    public double? Median()
    {
        if (_sketch is not { } sketch)
        {
            return Values!.Median();
        }

        if (sketch.Count == 0)
        {
            return null;
        }

        var middle = (sketch.Count + 1) / 2;
        if (sketch.Count % 2 == 1)
        {
            return sketch.ValueAtRank(middle);
        }

        var lower = sketch.ValueAtRank(middle);
        return lower + ((sketch.ValueAtRank(middle + 1) - lower) / 2);
    }

    public void Merge(BucketAccumulator other, FieldType type)
    {
        Summary.Merge(other.Summary, type);
        if (Values is null)
        {
            return;
        }

        // A bucket with a sketch has already folded its values into it.
        if (other._sketch is not null)
        {
            MergeSketch(other._sketch);
        }
        else if (other.Values is not null && _sketch is not null)
        {
            foreach (var value in other.Values.All)
            {
                AddToSketch(value);
            }
        }
        else if (other.Values is not null)
        {
            Values.AddRange(other.Values);
        }
    }

    /// <summary>Merges a sketch in; the first one takes in the values kept so far, and values added later go to it directly.</summary>
    private void MergeSketch(QuantileSketch sketch)
    {
        if (_sketch is null)
        {
            _sketch = new QuantileSketch(sketch.RelativeAccuracyPpm, sketch.MaxBucketsPerStore);
            foreach (var value in Values!.All)
            {
                AddToSketch(value);
            }
        }

        _sketch.Merge(sketch);
    }

    private void AddToSketch(double value)
    {
        // Rollup sketches leave NaN out too: it has no rank.
        if (!double.IsNaN(value))
        {
            _sketch!.Add(value);
        }
    }
}
