using Engine.Storage.Model;
using Engine.Storage.Rollups;

namespace Engine.Query.Aggregation;

/// <summary>
/// What one time bucket of one group knows about one field: the mergeable summary every
/// aggregate reads, the raw values when a median or percentile is exact, and a quantile sketch
/// once any rollup contributed (then order statistics come from the sketch, raw values folded in).
/// </summary>
internal sealed class BucketAccumulator(bool keepValues, bool exactSum)
{
    private bool _folded;

    public SampleSummary Summary { get; } = new(exactSum);

    public long Count => Summary.Count;

    public SortedValues? Values { get; } = keepValues ? new SortedValues() : null;

    /// <summary>The merged sketches of the rollups that contributed, if any.</summary>
    public QuantileSketch? Sketch { get; private set; }

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

    /// <summary>Adds a rollup's summary and sketch (the sketch only when order statistics are asked for).</summary>
    public void AddRollup(SampleSummary summary, QuantileSketch? sketch, FieldType type)
    {
        Summary.Merge(summary, type);
        if (Values is not null && sketch is not null)
        {
            Sketch ??= new QuantileSketch(sketch.RelativeAccuracyPpm);
            Sketch.Merge(sketch);
        }
    }

    /// <summary>Whether order statistics come from a sketch (some rollup contributed) rather than exact values.</summary>
    public bool IsApproximate => Sketch is not null;

    /// <summary>Nearest rank, as InfluxQL; from the sketch (within its relative accuracy) once a rollup contributed.</summary>
    public double? Percentile(double percent) => Sketch is null ? Values!.Percentile(percent) : FoldedSketch().Percentile(percent);

    public double? Median() => Sketch is null ? Values!.Median() : FoldedSketch().Quantile(0.5);

    public void Merge(BucketAccumulator other, FieldType type)
    {
        Summary.Merge(other.Summary, type);
        if (other.Values is not null)
        {
            Values?.AddRange(other.Values);
        }

        if (other.Sketch is not null)
        {
            Sketch ??= new QuantileSketch(other.Sketch.RelativeAccuracyPpm);
            Sketch.Merge(other.Sketch);
        }
    }

    /// <summary>The sketch with the raw values of this bucket added, once.</summary>
    private QuantileSketch FoldedSketch()
    {
        if (!_folded)
        {
            foreach (var value in Values!.All)
            {
                if (!double.IsNaN(value))
                {
                    Sketch!.Add(value);
                }
            }

            _folded = true;
        }

        return Sketch!;
    }
}
