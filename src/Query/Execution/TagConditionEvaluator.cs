using Engine.Query.Language;
using Engine.Storage.Catalog;

namespace Engine.Query.Execution;

/// <summary>
/// Decides which series a WHERE clause selects: the inverted index narrows the candidates where
/// an equality allows it, then the whole condition is checked on each candidate's tags.
/// </summary>
internal static class TagConditionEvaluator
{
    public static IReadOnlyList<Series> Select(TagIndex index, string measurement, TagCondition? condition)
    {
        var candidates = Candidates(index, measurement, condition) ?? index.SeriesOf(measurement);
        if (condition is null)
        {
            return candidates;
        }

        Dictionary<TagSet, bool> verdicts = [];
        return [.. candidates.Where(series =>
        {
            if (!verdicts.TryGetValue(series.TagSet, out var matches))
            {
                matches = Matches(condition, series.Tags);
                verdicts.Add(series.TagSet, matches);
            }

            return matches;
        })];
    }

    public static bool Matches(TagCondition condition, IReadOnlyList<KeyValuePair<string, string>> tags) => condition switch
    {
        TagEquals equals => string.Equals(ValueOf(tags, equals.Key), equals.Value, StringComparison.Ordinal) != equals.Negated,
        TagMatches regex => regex.Pattern.IsMatch(ValueOf(tags, regex.Key)) != regex.Negated,
        AndCondition and => Matches(and.Left, tags) && Matches(and.Right, tags),
        OrCondition or => Matches(or.Left, tags) || Matches(or.Right, tags),
        _ => throw new ArgumentOutOfRangeException(nameof(condition)),
    };

    /// <summary>A missing tag compares as the empty string, as in InfluxQL.</summary>
    public static string ValueOf(IReadOnlyList<KeyValuePair<string, string>> tags, string key)
    {
        // Indexed, not foreach: enumerating the interface would allocate an enumerator per call.
        for (var i = 0; i < tags.Count; i++)
        {
            if (tags[i].Key == key)
            {
                return tags[i].Value;
            }
        }

        return string.Empty;
    }

    /// <summary>A superset of the matching series from the index, or null when the index cannot narrow it.</summary>
    private static IReadOnlyList<Series>? Candidates(TagIndex index, string measurement, TagCondition? condition) => condition switch
    {
        TagEquals { Negated: false } equals when equals.Value.Length > 0 => index.SeriesWithTag(measurement, equals.Key, equals.Value),
        AndCondition and => Intersect(Candidates(index, measurement, and.Left), Candidates(index, measurement, and.Right)),
        OrCondition or => Candidates(index, measurement, or.Left) is { } left && Candidates(index, measurement, or.Right) is { } right
            ? [.. left.Union(right)]
            : null,
        _ => null,
    };

    private static IReadOnlyList<Series>? Intersect(IReadOnlyList<Series>? left, IReadOnlyList<Series>? right)
    {
        if (left is null || right is null)
        {
            return left ?? right;
        }

        var (small, large) = left.Count <= right.Count ? (left, right) : (right, left);
        var keep = large.ToHashSet();
        return [.. small.Where(keep.Contains)];
    }
}
