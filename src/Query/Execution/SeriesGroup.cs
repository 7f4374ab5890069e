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
        return [.. selected
            .GroupBy(series => GroupKey(series, groupKeys), TagValuesComparer.Instance)
            .OrderBy(group => group.Key, TagValuesComparer.Instance)
            .Select(group =>
            {
                var first = group.First();
                var tags = groupKeys.Select(key => KeyValuePair.Create(key, TagConditionEvaluator.ValueOf(first.Tags, key))).ToArray();
                var byField = group
                    .GroupBy(series => series.FieldKey, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => (IReadOnlyList<Series>)[.. g.OrderBy(s => s.Id)], StringComparer.Ordinal);
                return new SeriesGroup(tags, byField);
            })];
    }

    /// <summary>The series of one field in this group, or none.</summary>
    public IReadOnlyList<Series> SeriesOf(string field) => SeriesByField.TryGetValue(field, out var series) ? series : [];

    private static string[] GroupKey(Series series, IReadOnlyList<string> groupKeys) =>
        [.. groupKeys.Select(key => TagConditionEvaluator.ValueOf(series.Tags, key))];

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
