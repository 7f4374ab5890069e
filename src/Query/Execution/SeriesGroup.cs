using Engine.Storage.Catalog;

namespace Engine.Query.Execution;

/// <summary>
/// The series a select reads for one output table: one GROUP BY tag combination (or all selected
/// series when the select does not group by tags), by field key.
/// </summary>
internal sealed record SeriesGroup(IReadOnlyList<KeyValuePair<string, string>> Tags, IReadOnlyDictionary<string, IReadOnlyList<Series>> SeriesByField)
{
    /// <summary>Groups <paramref name="selected"/> by the values of <paramref name="groupKeys"/>, in tag-value order.</summary>
    public static IReadOnlyList<SeriesGroup> Build(IReadOnlyList<Series> selected, IReadOnlyList<string> groupKeys)
    {
        // One pass into dictionaries rather than nested LINQ groupings: a query may group
        // thousands of series, and this runs before any of them is read.
        var byKey = new Dictionary<string[], Dictionary<string, List<Series>>>(selected.Count, TagValuesComparer.Instance);
        foreach (var series in selected)
        {
            var key = GroupKey(series, groupKeys);
            if (!byKey.TryGetValue(key, out var byField))
            {
                byField = new Dictionary<string, List<Series>>(StringComparer.Ordinal);
                byKey.Add(key, byField);
            }

            if (!byField.TryGetValue(series.FieldKey, out var ofField))
            {
                ofField = [];
                byField.Add(series.FieldKey, ofField);
            }

            ofField.Add(series);
        }

        var keys = byKey.Keys.ToArray();
        Array.Sort(keys, TagValuesComparer.Instance);
        var groups = new SeriesGroup[keys.Length];
        for (var g = 0; g < keys.Length; g++)
        {
            var tags = new KeyValuePair<string, string>[groupKeys.Count];
            for (var k = 0; k < tags.Length; k++)
            {
                tags[k] = KeyValuePair.Create(groupKeys[k], keys[g][k]);
            }

            var byField = new Dictionary<string, IReadOnlyList<Series>>(StringComparer.Ordinal);
            foreach (var (field, series) in byKey[keys[g]])
            {
                series.Sort(static (a, b) => a.Id.CompareTo(b.Id));
                byField.Add(field, series);
            }

            groups[g] = new SeriesGroup(tags, byField);
        }

        return groups;
    }

    /// <summary>The series of one field in this group, or none.</summary>
    public IReadOnlyList<Series> SeriesOf(string field) => SeriesByField.TryGetValue(field, out var series) ? series : [];

    private static string[] GroupKey(Series series, IReadOnlyList<string> groupKeys)
    {
        var values = new string[groupKeys.Count];
        for (var k = 0; k < values.Length; k++)
        {
            values[k] = TagConditionEvaluator.ValueOf(series.Tags, groupKeys[k]);
        }

        return values;
    }

    /// <summary>Equality and ordinal order of tag-value tuples.</summary>
    private sealed class TagValuesComparer : IEqualityComparer<string[]>, IComparer<string[]>
    {
        public static TagValuesComparer Instance { get; } = new();

        public bool Equals(string[]? x, string[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(string[] obj)
        {
            var hash = default(HashCode);
            foreach (var value in obj)
            {
                hash.Add(value, StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }

        public int Compare(string[]? x, string[]? y) => x.AsSpan().SequenceCompareTo(y, StringComparer.Ordinal);
    }
}
