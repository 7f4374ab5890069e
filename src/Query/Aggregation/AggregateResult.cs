using Engine.Query.Language;
using Engine.Storage.Model;

namespace Engine.Query.Aggregation;

/// <summary>Turns a bucket's summary into the value of one aggregate function; null for an empty bucket.</summary>
internal static class AggregateResult
{
    /// <summary>Whether the function needs the bucket's values kept, not just its running sums.</summary>
    public static bool NeedsValues(AggregateFunction function) => function is AggregateFunction.Median or AggregateFunction.Percentile or AggregateFunction.ExactPercentile;

    /// <summary>Whether the function applies to booleans and strings too.</summary>
    public static bool AppliesToAnyType(AggregateFunction function) =>
        function is AggregateFunction.Count or AggregateFunction.First or AggregateFunction.Last;

    public static object? Compute(AggregateFunction function, double parameter, BucketAccumulator? bucket, FieldType type)
    {
        if (bucket is null || bucket.Count == 0)
        {
            return null;
        }

        var summary = bucket.Summary;
        return function switch
        {
            AggregateFunction.Count => bucket.Count,
            AggregateFunction.First => NumericValue.FromBits(type, summary.First.Bits, summary.First.Text),
            AggregateFunction.Last => NumericValue.FromBits(type, summary.Last.Bits, summary.Last.Text),
            AggregateFunction.Sum => type == FieldType.Integer ? summary.IntegerSum : NumericValue.FromDouble(type, summary.Sum),
            AggregateFunction.Mean => summary.Sum / summary.Count,
            AggregateFunction.Min => NumericValue.FromDouble(type, summary.Min),
            AggregateFunction.Max => NumericValue.FromDouble(type, summary.Max),
            AggregateFunction.Spread => NumericValue.FromDouble(type, summary.Max - summary.Min),
            AggregateFunction.Stddev => summary.Count < 2 ? null : summary.SampleStddev,
            AggregateFunction.Median => bucket.Median(),
            AggregateFunction.Percentile or AggregateFunction.ExactPercentile => bucket.Percentile(parameter) is { } value ? NumericValue.FromDouble(type, value) : null,
            _ => throw new ArgumentOutOfRangeException(nameof(function), function, null),
        };
    }
}
