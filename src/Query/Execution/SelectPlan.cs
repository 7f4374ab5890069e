using Engine.Query.Language;
using Engine.Storage.Catalog;

namespace Engine.Query.Execution;

/// <summary>
/// What a select resolves to before any data is read: its time range, columns, and the series it
/// reads in their output groups (after SLIMIT/SOFFSET).
/// </summary>
internal sealed record SelectPlan(SelectStatement Select, TimeRange Range, IReadOnlyList<OutputColumn> Columns, IReadOnlyList<SeriesGroup> Groups, bool IsAggregate)
{
    public static SelectPlan Resolve(SelectStatement select, TagIndex index, long nowNs)
    {
        var range = TimeRange.Of(select, nowNs);
        var tagKeys = index.TagKeys(select.Measurement);
        var groupKeys = select.GroupBy.AllTags ? tagKeys : select.GroupBy.Tags;
        var columns = OutputColumn.Expand(select, index.FieldKeys(select.Measurement), [.. tagKeys.Except(groupKeys, StringComparer.Ordinal)]);
        var isAggregate = columns.Any(c => c.Calls().Any());
        var fields = isAggregate
            ? columns.SelectMany(c => c.Calls()).Select(c => c.Argument.Name)
            : columns.Select(c => ((FieldReference)c.Expression).Name);
        var wanted = fields.ToHashSet(StringComparer.Ordinal);

        var selected = range.IsEmpty
            ? []
            : TagConditionEvaluator.Select(index, select.Measurement, select.Where).Where(s => wanted.Contains(s.FieldKey)).ToArray();
        var groups = SeriesGroup.Build(selected, groupKeys).Skip(select.SeriesOffset);
        if (select.SeriesLimit > 0)
        {
            groups = groups.Take(select.SeriesLimit);
        }

        return new SelectPlan(select, range, columns, [.. groups], isAggregate);
    }

    public IEnumerable<Series> Series => Groups.SelectMany(g => g.SeriesByField.Values.SelectMany(s => s));
}
