using Engine.Query.Language;
using Engine.Storage.Model;

namespace Engine.Query.Tests.Execution;

/// <summary>
/// Computes what an aggregate select must answer straight from the stored samples with LINQ,
/// independently of the executor: filter, group, bucket, aggregate, fill.
/// </summary>
internal static class AggregateOracle
{
    public static List<(IReadOnlyList<KeyValuePair<string, string>> Tags, List<object?[]> Rows)> Run(
        SelectStatement select, IReadOnlyList<Sample> samples, IReadOnlyList<string> groupKeys)
    {
        var calls = select.Fields.Select(f => (AggregateCall)f.Expression).ToArray();
        var start = select.Start?.Nanoseconds ?? long.MinValue;
        var end = select.End?.Nanoseconds ?? long.MaxValue;
        var interval = select.GroupBy.Time;
        var selected = samples
            .Where(s => s.Time >= start && s.Time < end)
            .Where(s => calls.Any(c => c.Argument.Name == s.Field))
            .Where(s => select.Where is null || Matches(select.Where, s))
            .ToArray();
        long BucketOf(long time) => interval is null ? 0 : time - Mod(time - interval.OffsetNs, interval.IntervalNs);

        var groups = selected.GroupBy(s => string.Join("\u0001", groupKeys.Select(s.Tag)))
            .OrderBy(g => groupKeys.Select(k => g.First().Tag(k)).ToArray(), TagValues.Instance)
            .ToArray();
        long[] buckets = [0];
        if (interval is not null && selected.Length > 0)
        {
            var first = start != long.MinValue ? BucketOf(start) : selected.Min(s => BucketOf(s.Time));
            var last = end != long.MaxValue ? BucketOf(end - 1) : selected.Max(s => BucketOf(s.Time));
            buckets = [.. Enumerable.Range(0, (int)((last - first) / interval.IntervalNs) + 1).Select(i => first + (i * interval.IntervalNs))];
        }

        return [.. groups.Select(group =>
        {
            var rows = buckets.Select(bucket =>
            {
                var inBucket = group.Where(s => BucketOf(s.Time) == bucket).ToArray();
                var row = new object?[calls.Length + 1];
                row[0] = interval is null ? (start == long.MinValue ? 0L : start) : bucket;
                for (var c = 0; c < calls.Length; c++)
                {
                    row[c + 1] = Compute(calls[c], inBucket.Where(s => s.Field == calls[c].Argument.Name).ToArray());
                }

                return (Row: row, HasData: inBucket.Length > 0);
            }).ToList();
            var tags = (IReadOnlyList<KeyValuePair<string, string>>)[.. groupKeys.Select(k => KeyValuePair.Create(k, group.First().Tag(k)))];
            return (tags, interval is null ? [.. rows.Select(r => r.Row)] : ApplyFill(select, rows));
        })];
    }

    private static object? Compute(AggregateCall call, Sample[] samples)
    {
        if (samples.Length == 0)
        {
            return null;
        }

        var isInteger = samples[0].Type == FieldType.Integer;
        object Typed(double value) => isInteger ? (long)value : (object)value;
        var values = samples.Select(s => s.Value).ToArray();
        var sorted = values.Order().ToArray();
        return call.Function switch
        {
            AggregateFunction.Count => (long)samples.Length,
            AggregateFunction.Sum => Typed(values.Sum()),
            AggregateFunction.Mean => values.Sum() / values.Length,
            AggregateFunction.Min => Typed(values.Min()),
            AggregateFunction.Max => Typed(values.Max()),
            AggregateFunction.Spread => Typed(values.Max() - values.Min()),
            AggregateFunction.First => Typed(samples.OrderBy(s => s.Time).ThenByDescending(s => s.Value).First().Value),
            AggregateFunction.Last => Typed(samples.OrderByDescending(s => s.Time).ThenByDescending(s => s.Value).First().Value),
            AggregateFunction.Median => sorted.Length % 2 == 1
                ? sorted[sorted.Length / 2]
                : sorted[(sorted.Length / 2) - 1] + ((sorted[sorted.Length / 2] - sorted[(sorted.Length / 2) - 1]) / 2),
            AggregateFunction.Stddev => values.Length < 2
                ? null
                : Math.Sqrt(values.Sum(v => (v - values.Average()) * (v - values.Average())) / (values.Length - 1)),
            AggregateFunction.Percentile or AggregateFunction.ExactPercentile => NearestRank(sorted, call.Parameter) is { } p ? Typed(p) : null,
            _ => throw new ArgumentOutOfRangeException(nameof(call)),
        };
    }

    private static double? NearestRank(double[] sorted, double percent)
    {
        var rank = (int)Math.Floor((sorted.Length * percent / 100) + 0.5);
        return rank < 1 || rank > sorted.Length ? null : sorted[rank - 1];
    }

    private static List<object?[]> ApplyFill(SelectStatement select, List<(object?[] Row, bool HasData)> rows)
    {
        if (select.Fill == FillMode.None)
        {
            return [.. rows.Where(r => r.HasData).Select(r => r.Row)];
        }

        var result = rows.Select(r => r.Row).ToList();
        for (var c = 1; c < (result.FirstOrDefault()?.Length ?? 0); c++)
        {
            for (var i = 0; i < result.Count; i++)
            {
                if (result[i][c] is not null)
                {
                    continue;
                }

                result[i][c] = select.Fill switch
                {
                    FillMode.Number => select.FillValue,
                    FillMode.Previous => i > 0 ? result[i - 1][c] : null,
                    FillMode.Linear => Interpolate(result, i, c),
                    _ => null,
                };
            }
        }

        return result;
    }

    private static double? Interpolate(List<object?[]> rows, int index, int column)
    {
        var before = Enumerable.Range(0, index).Reverse().FirstOrDefault(i => rows[i][column] is not null, -1);
        var after = Enumerable.Range(index + 1, rows.Count - index - 1).FirstOrDefault(i => rows[i][column] is not null, -1);
        if (before < 0 || after < 0)
        {
            return null;
        }

        double t0 = (long)rows[before][0]!, t1 = (long)rows[after][0]!, t = (long)rows[index][0]!;
        var v0 = Convert.ToDouble(rows[before][column], System.Globalization.CultureInfo.InvariantCulture);
        var v1 = Convert.ToDouble(rows[after][column], System.Globalization.CultureInfo.InvariantCulture);
        return v0 + ((v1 - v0) * ((t - t0) / (t1 - t0)));
    }

    /// <summary>Whether a sample's tags satisfy a WHERE condition, evaluated directly on its tags.</summary>
    public static bool Matches(TagCondition condition, Sample sample) => condition switch
    {
        TagEquals e => (sample.Tag(e.Key) == e.Value) != e.Negated,
        TagMatches m => m.Pattern.IsMatch(sample.Tag(m.Key)) != m.Negated,
        AndCondition a => Matches(a.Left, sample) && Matches(a.Right, sample),
        OrCondition o => Matches(o.Left, sample) || Matches(o.Right, sample),
        _ => throw new ArgumentOutOfRangeException(nameof(condition)),
    };

    private static long Mod(long value, long divisor) => ((value % divisor) + divisor) % divisor;

    private sealed class TagValues : IComparer<string[]>
    {
        public static TagValues Instance { get; } = new();

        public int Compare(string[]? x, string[]? y) => x.AsSpan().SequenceCompareTo(y, StringComparer.Ordinal);
    }
}
