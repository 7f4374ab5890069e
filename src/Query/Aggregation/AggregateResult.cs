using Engine.Query.Language;
using Engine.Storage.Model;

namespace Engine.Query.Aggregation;

/// <summary>Turns a bucket's summary into the value of one aggregate function; null for an empty bucket.</summary>
internal static class AggregateResult
{
    /// <summary>Whether the function needs the bucket's values kept, not just its running sums.</summary>
    public static bool NeedsValues(AggregateFunction function) => function is AggregateFunction.Median or AggregateFunction.Percentile;

    /// <summary>Whether the function applies to booleans and strings too.</summary>
    public static bool AppliesToAnyType(AggregateFunction function) =>
        function is AggregateFunction.Count or AggregateFunction.First or AggregateFunction.Last;

    public static object? Compute(AggregateFunction function, double parameter, BucketAccumulator? bucket, FieldType type)
    {
        if (bucket is null || bucket.Count == 0)
        {
            return null;
        }

        return function switch
        {
            AggregateFunction.Count => bucket.Count,
            AggregateFunction.First => NumericValue.FromBits(type, bucket.First.Bits, bucket.First.Text),
            AggregateFunction.Last => NumericValue.FromBits(type, bucket.Last.Bits, bucket.Last.Text),
            AggregateFunction.Sum => type == FieldType.Integer ? bucket.IntegerSum : NumericValue.FromDouble(type, bucket.Sum),
            AggregateFunction.Mean => bucket.Sum / bucket.Count,
            AggregateFunction.Min => NumericValue.FromDouble(type, bucket.Min),
            AggregateFunction.Max => NumericValue.FromDouble(type, bucket.Max),
            AggregateFunction.Spread => NumericValue.FromDouble(type, bucket.Max - bucket.Min),
            AggregateFunction.Stddev => bucket.Count < 2 ? null : bucket.SampleStddev,
            AggregateFunction.Median => bucket.Values!.Median(),
            AggregateFunction.Percentile => bucket.Values!.Percentile(parameter) is { } value ? NumericValue.FromDouble(type, value) : null,
            _ => throw new ArgumentOutOfRangeException(nameof(function), function, null),
        };
    }
}
