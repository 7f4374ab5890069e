using System.Globalization;
using System.Text;

namespace Engine.Query.Language;

/// <summary>
/// Writes a syntax tree back as query text that parses to the same tree (positions aside): for
/// EXPLAIN output, logs and docs. Names are quoted only where they must be.
/// </summary>
public static partial class QueryFormatter
{
    public static string Format(Statement statement) => statement switch
    {
        SelectStatement select => Format(select),
        ExplainStatement explain => "EXPLAIN " + Format(explain.Select),
        ShowDatabasesStatement => "SHOW DATABASES",
        ShowMeasurementsStatement => "SHOW MEASUREMENTS",
        ShowTagKeysStatement show => "SHOW TAG KEYS" + From(show.Measurement),
        ShowTagValuesStatement show => "SHOW TAG VALUES" + From(show.Measurement) + " WITH KEY " + Keys(show.Keys),
        ShowFieldKeysStatement show => "SHOW FIELD KEYS" + From(show.Measurement),
        ShowSeriesStatement show => "SHOW SERIES" + From(show.Measurement) + (show.Where is null ? string.Empty : " WHERE " + Format(show.Where)),
        _ => throw new ArgumentException($"no query text for {statement.GetType().Name}", nameof(statement)),
    };

    public static string Format(SelectStatement select)
    {
        var text = new StringBuilder("SELECT ");
        text.AppendJoin(", ", select.Fields.Select(field => field.Alias is null ? Format(field.Expression) : $"{Format(field.Expression)} AS {Name(field.Alias)}"));
        text.Append(" FROM ").Append(Name(select.Measurement));

        // A top-level OR needs parentheses, or the time bounds ANDed after it would land inside it.
        List<string> conditions = select.Where switch
        {
            null => [],
            OrCondition or => [$"({Format(or)})"],
            var tags => [Format(tags)],
        };
        if (select.Start is { } start)
            conditions.Add("time >= " + Format(start));
        if (select.End is { } end)
            conditions.Add("time < " + Format(end));
        if (conditions.Count > 0)
            text.Append(" WHERE ").AppendJoin(" AND ", conditions);

        AppendGroupBy(text, select.GroupBy);
        text.Append(select.Fill switch
        {
            FillMode.Null => string.Empty,
            FillMode.None => " fill(none)",
            FillMode.Previous => " fill(previous)",
            FillMode.Linear => " fill(linear)",
            _ => $" fill({Number(select.FillValue)})",
        });
        if (select.Descending)
            text.Append(" ORDER BY time DESC");
        AppendCount(text, "LIMIT", select.Limit);
        AppendCount(text, "OFFSET", select.Offset);
        AppendCount(text, "SLIMIT", select.SeriesLimit);
        AppendCount(text, "SOFFSET", select.SeriesOffset);
        return text.ToString();
    }

    /// <summary><c>now() - 1h</c> or <c>'2026-11-23T10:00:00Z'</c>.</summary>
    public static string Format(TimeBound bound) => bound switch
    {
        { RelativeToNow: false } => $"'{TimeLiterals.Format(bound.Nanoseconds)}'",
        { Nanoseconds: 0 } => "now()",
        { Nanoseconds: < 0 } => "now() - " + Durations.Format(-bound.Nanoseconds),
        _ => "now() + " + Durations.Format(bound.Nanoseconds),
    };

    private static void AppendGroupBy(StringBuilder text, GroupBy groupBy)
    {
        var items = groupBy.Tags.Select(Name).ToList();
        if (groupBy.Time is { } time)
            items.Insert(0, $"time({Durations.Format(time.IntervalNs)}{(time.OffsetNs == 0 ? string.Empty : ", " + SignedDuration(time.OffsetNs))})");
        if (groupBy.AllTags)
            items.Add("*");
        if (items.Count > 0)
            text.Append(" GROUP BY ").AppendJoin(", ", items);
    }

    private static string SignedDuration(long nanoseconds) =>
        nanoseconds < 0 ? "-" + Durations.Format(-nanoseconds) : Durations.Format(nanoseconds);

    private static void AppendCount(StringBuilder text, string clause, int count)
    {
        if (count != 0)
            text.Append(' ').Append(clause).Append(' ').Append(count.ToString(CultureInfo.InvariantCulture));
    }

    private static string From(string? measurement) => measurement is null ? string.Empty : " FROM " + Name(measurement);

    private static string Keys(IReadOnlyList<string> keys) =>
        keys.Count == 1 ? "= " + Name(keys[0]) : $"IN ({string.Join(", ", keys.Select(Name))})";
}
