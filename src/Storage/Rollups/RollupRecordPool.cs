using Engine.Storage.Model;

namespace Engine.Storage.Rollups;

/// <summary>
/// The summaries and sketches of the hourly records a rollup build creates, reused once a record
/// is written and merged into its day: a record per series and hour, each with an exact sum and a
/// sketch of its own, was most of what a build allocated after its reads of raw data.
/// </summary>
internal sealed class RollupRecordPool
{
    private readonly Stack<SampleSummary> _summaries = [];
    private readonly Stack<QuantileSketch> _sketches = [];

    /// <summary>A record with an empty summary (exact sum) and, for a numeric field, an empty sketch of the default accuracy.</summary>
    public RollupRecord Rent(uint seriesId, FieldType type, long start)
    {
        var summary = _summaries.TryPop(out var reused) ? reused : new SampleSummary(exactSum: true);
        QuantileSketch? sketch = null;
        if (NumericBits.IsNumeric(type))
        {
            sketch = _sketches.TryPop(out var kept) ? kept : new QuantileSketch();
        }

        return new RollupRecord(seriesId, type, start, summary, sketch);
    }

    /// <summary>Takes back a record from <see cref="Rent"/>, which must no longer be used.</summary>
    public void Return(RollupRecord record)
    {
        record.Summary.Reset();
        _summaries.Push(record.Summary);
        if (record.Sketch is { } sketch)
        {
            sketch.Release();
            _sketches.Push(sketch);
        }
    }
}
