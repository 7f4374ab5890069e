using System.Runtime.ExceptionServices;
using Engine.Query.Aggregation;
using Engine.Query.Language;
using Engine.Query.Planning;
using Engine.Storage;
using Engine.Storage.Catalog;
using Engine.Storage.Model;

namespace Engine.Query.Execution;

/// <summary>
/// Runs a select of aggregates: every selected series is read once into per-bucket summaries, each
/// part of the range from the tier the <see cref="TierPlan"/> names (no raw points are kept except
/// the values a median or percentile needs). Groups are read in parallel when there are enough of
/// them, else the series of each group are; either way a group's summaries merge in series order,
/// so results do not depend on thread timing. A group's medians and percentiles are computed as
/// soon as it is complete, so that values and sketches are held for few groups at a time.
/// </summary>
internal sealed class AggregateSelect(StorageEngine storage, QueryLimits limits)
{
    private double? _sketchAccuracy;

    public AggregateAnswer Run(SelectStatement select, IReadOnlyList<OutputColumn> columns, IReadOnlyList<SeriesGroup> groups, TimeRange range, TierPlan tiers, CancellationToken cancellation)
    {
        var layout = BucketLayout.Of(select.GroupBy);
        var calls = columns.SelectMany(c => c.Calls()).ToArray();
        var fields = calls.Select(c => c.Argument.Name).Distinct(StringComparer.Ordinal).ToArray();
        using var rollups = storage.OpenRollupFiles();
        var reader = new GroupReader(storage, rollups, tiers, layout, calls, new ValueBudget(limits.MaxValuesHeld), cancellation);
        var maps = new Dictionary<string, BucketMap>[groups.Count];
        if (groups.Count >= Environment.ProcessorCount)
        {
            InParallel(groups.Count, g => maps[g] = reader.Read(groups[g], fields, seriesInParallel: false), cancellation);
        }
        else
        {
            for (var g = 0; g < groups.Count; g++)
            {
                maps[g] = reader.Read(groups[g], fields, seriesInParallel: true);
            }
        }

        var buckets = BucketStarts(layout, range, maps.SelectMany(m => m.Values));
        string[] columnNames = ["time", .. columns.Select(c => c.Name)];
        List<ResultSeries> results = [];
        for (var g = 0; g < groups.Count; g++)
        {
            if (maps[g].Values.All(m => m.Buckets.Count == 0))
            {
                continue;
            }

            var rows = buckets.Select(start => Row(start, columns, maps[g])).ToList();
            if (layout.IsSingle)
            {
                rows[0].Values[0] = range.HasStart ? range.Start : 0L;
            }

            var filled = layout.IsSingle ? [.. rows.Select(r => r.Values)] : Fill.Apply(rows, select.Fill, select.FillValue);
            results.Add(new ResultSeries(select.Measurement, groups[g].Tags, columnNames, filled));
        }

        return new AggregateAnswer(results, _sketchAccuracy);
    }

    /// <summary>Runs <paramref name="body"/> for 0..count−1 on every core, failing with the statement's own error.</summary>
    internal static void InParallel(int count, Action<int> body, CancellationToken cancellation)
    {
        try
        {
            Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellation, MaxDegreeOfParallelism = Environment.ProcessorCount }, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // Report the statement's own error (a limit, damaged data), not the thread pool's wrapper.
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
    }

    private FilledRow Row(long bucketStart, IReadOnlyList<OutputColumn> columns, Dictionary<string, BucketMap> maps)
    {
        var values = new object?[columns.Count + 1];
        values[0] = bucketStart;
        var hasData = false;
        for (var c = 0; c < columns.Count; c++)
        {
            values[c + 1] = ExpressionValue.Evaluate(columns[c].Expression, call =>
            {
                if (!maps.TryGetValue(call.Argument.Name, out var map) || !map.Buckets.TryGetValue(bucketStart, out var bucket))
                {
                    return null;
                }

                hasData |= bucket.Count > 0;
                if (AggregateResult.NeedsValues(call.Function) && bucket.SketchAccuracy is { } accuracy)
                {
                    _sketchAccuracy = Math.Max(_sketchAccuracy ?? 0, accuracy);
                }

                return AggregateResult.Compute(call.Function, call.Parameter, bucket, map.Type);
            });
        }

        return new FilledRow(values, hasData);
    }

    /// <summary>
    /// Every bucket start the result shows: from the range's start (or the earliest data) to its
    /// end (or the latest data); none when no group has data. Without GROUP BY time, one row timed at the range's start or 0.
    /// </summary>
    private long[] BucketStarts(BucketLayout layout, TimeRange range, IEnumerable<BucketMap> maps)
    {
        var present = maps.SelectMany(m => m.Buckets.Keys).ToArray();
        if (present.Length == 0)
        {
            return [];
        }

        if (layout.IsSingle)
        {
            return [0];
        }

        var first = range.HasStart ? layout.StartOf(range.Start) : present.Min();
        var last = range.HasEnd ? layout.StartOf(range.End - 1) : present.Max();
        var count = ((System.Numerics.BigInteger)last - first) / layout.IntervalNs + 1;
        if (count > limits.MaxBuckets)
        {
            throw new QueryException($"GROUP BY time would produce {count} buckets, above the limit of {limits.MaxBuckets}; narrow the time range or widen the interval");
        }

        var starts = new long[(int)count];
        for (var index = 0; index < starts.Length; index++)
        {
            starts[index] = first + (index * layout.IntervalNs);
        }

        return starts;
    }
}

/// <summary>
/// The series of an aggregate select, and the relative accuracy of the quantile sketches any of its
/// medians or percentiles were read from (null when all are exact).
/// </summary>
internal sealed record AggregateAnswer(IReadOnlyList<ResultSeries> Series, double? SketchAccuracy);
