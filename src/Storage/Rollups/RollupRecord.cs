using Engine.Storage.Model;

namespace Engine.Storage.Rollups;

/// <summary>
/// One series' rollup for one bucket (an hour or a day starting at <see cref="Start"/>): the
/// summary of its samples and, for numeric fields, their quantile sketch.
/// </summary>
public sealed record RollupRecord(uint SeriesId, FieldType Type, long Start, SampleSummary Summary, QuantileSketch? Sketch);
