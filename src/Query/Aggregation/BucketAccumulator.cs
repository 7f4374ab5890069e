using Engine.Query.Language;
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
/// relative accuracy, and marked as coming from a sketch. Once the bucket is complete,
/// <see cref="Seal"/> computes the order statistics asked for and lets the values and the sketch
/// go, so that a query holds them for one group at a time.
/// </remarks>
internal sealed class BucketAccumulator(bool keepValues, bool exactSum)
{
    private SortedValues? _values = keepValues ? new SortedValues() : null;
    private QuantileSketch? _sketch;
    private (AggregateFunction Function, double Percent, double? Value)[]? _sealed;

    public SampleSummary Summary { get; } = new(exactSum);

    public long Count => Summary.Count;

    /// <summary>
    /// The relative accuracy of the quantile sketch a median or percentile of this bucket comes
    /// from; null when it comes from the exact values.
    /// </summary>
    public double? SketchAccuracy { get; private set; }

    /// <summary>Adds samples of one block run, known to be in time order.</summary>
    public void AddNumeric(FieldType type, ReadOnlySpan<long> timestamps, ReadOnlySpan<ulong> bits)
    {
        Summary.AddNumeric(type, timestamps, bits);
        if (_values is null)
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

        _values.Reserve(bits.Length);
        foreach (var raw in bits)
        {
            _values.Add(NumericBits.ToDouble(type, raw));
        }
    }

    public void AddOther(FieldType type, ReadOnlySpan<long> timestamps, ReadOnlySpan<ulong> bits, ReadOnlySpan<string?> strings) =>
        Summary.AddOther(type, timestamps, bits, strings);

    /// <summary>
    /// Adds a rollup's summary and, when order statistics are wanted, its sketch, which the bucket
    /// may take over or release: the record must not be used afterwards.
    /// </summary>
    public void AddRollup(RollupRecord record)
    {
        Summary.Merge(record.Summary, record.Type);
        if (record.Sketch is not { } sketch)
        {
            return;
        }

        if (_values is not null)
        {
            MergeSketch(sketch);
        }
        else
        {
            sketch.Release();
        }
    }

    /// <summary>Merges <paramref name="other"/> in; it gives up its values and sketch and must not be used afterwards.</summary>
    public void Merge(BucketAccumulator other, FieldType type)
    {
        Summary.Merge(other.Summary, type);
        if (_values is null)
        {
            return;
        }

        // A bucket with a sketch has already folded its values into it.
        if (other._sketch is not null)
        {
            MergeSketch(other._sketch);
        }
        else if (other._values is not null && _sketch is not null)
        {
            foreach (var value in other._values.All)
            {
                AddToSketch(value);
            }
        }
        else if (other._values is not null)
        {
            _values.AddRange(other._values);
        }
    }

    /// <summary>
    /// Computes the medians and percentiles that will be asked of the complete bucket, then lets its
    /// values and sketch go (the sketch's arrays back to the pool).
    /// </summary>
    public void Seal(IReadOnlyList<(AggregateFunction Function, double Percent)> orderStatistics)
    {
        if (_values is null)
        {
            return;
        }

        // percentile_exact is computed as percentile is: the planner gave its bucket raw values only.
        _sealed = [.. orderStatistics.Select(s => s.Function == AggregateFunction.Median
            ? (AggregateFunction.Median, 0d, ComputeMedian())
            : (AggregateFunction.Percentile, s.Percent, ComputePercentile(s.Percent)))];
        SketchAccuracy = _sketch?.RelativeAccuracy;
        _sketch?.Release();
        _sketch = null;
        _values = null;
    }

    /// <summary>Nearest rank, as InfluxQL: exact from the values, or read from the sketch.</summary>
    public double? Percentile(double percent) => _sealed is null ? ComputePercentile(percent) : Sealed(AggregateFunction.Percentile, percent);

    /// <summary>The middle value, or the mean of the two middle values of an even count.</summary>
    public double? Median() => _sealed is null ? ComputeMedian() : Sealed(AggregateFunction.Median, 0);

    private double? Sealed(AggregateFunction function, double percent)
    {
        foreach (var (sealedFunction, sealedPercent, value) in _sealed!)
        {
            if (sealedFunction == function && sealedPercent.Equals(percent))
            {
                return value;
            }
        }

        throw new InvalidOperationException($"the bucket was sealed without {function}({percent})");
    }

    private double? ComputePercentile(double percent) => _sketch is { } sketch ? sketch.Percentile(percent) : _values!.Percentile(percent);

    private double? ComputeMedian()
    {
        if (_sketch is not { } sketch)
        {
            return _values!.Median();
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

    /// <summary>
    /// Merges a sketch in, releasing it. The first one is taken over rather than copied (a day's
    /// bucket is often one daily record), and the values kept so far go into it; values added
    /// later go to it directly.
    /// </summary>
    private void MergeSketch(QuantileSketch sketch)
    {
        if (_sketch is not null)
        {
            _sketch.Merge(sketch);
            sketch.Release();
            return;
        }

        _sketch = sketch;
        foreach (var value in _values!.All)
        {
            AddToSketch(value);
        }
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
