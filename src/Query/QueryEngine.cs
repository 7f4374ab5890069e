using Engine.Query.Execution;
using Engine.Query.Language;
using Engine.Query.Planning;
using Engine.Storage;

namespace Engine.Query;

/// <summary>
/// Parses and runs queries against a storage engine. Each statement gets its own result; an error
/// in one (unknown function, bad type, too many buckets) is reported with it and the others still run.
/// </summary>
public sealed class QueryEngine(StorageEngine storage, TimeProvider? clock = null, QueryLimits? limits = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly QueryLimits _limits = limits ?? new QueryLimits();

    /// <summary>Runs every statement of <paramref name="text"/>; a parse error throws <see cref="QueryException"/>.</summary>
    public IReadOnlyList<StatementResult> Execute(string text, CancellationToken cancellation = default)
    {
        var statements = QueryParser.Parse(text);
        var nowNs = NowNs();
        return [.. statements.Select((statement, id) => Execute(id, statement, nowNs, cancellation))];
    }

    /// <summary>Runs one parsed statement, as statement 0.</summary>
    public StatementResult Execute(Statement statement, CancellationToken cancellation = default) =>
        Execute(0, statement, NowNs(), cancellation);

    private long NowNs() => (_clock.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;

    private StatementResult Execute(int id, Statement statement, long nowNs, CancellationToken cancellation)
    {
        try
        {
            return Run(id, statement, nowNs, cancellation);
        }
        catch (QueryException e)
        {
            return StatementResult.Failed(id, e.Message);
        }
        catch (CorruptDataException e)
        {
            return StatementResult.Failed(id, $"damaged data: {e.Message}");
        }
    }

    private StatementResult Run(int id, Statement statement, long nowNs, CancellationToken cancellation)
    {
        switch (statement)
        {
            case SelectStatement select:
                return RunSelect(id, SelectPlan.Resolve(select, storage.Index, nowNs), cancellation);
            case ExplainStatement explain:
                var plan = SelectPlan.Resolve(explain.Select, storage.Index, nowNs);
                return new StatementResult(id, [Explain.Run(plan, TierPlanner.Plan(plan, storage), storage)]);
            default:
                return new StatementResult(id, ShowStatements.Run(statement, storage.Index));
        }
    }

    private StatementResult RunSelect(int id, SelectPlan plan, CancellationToken cancellation)
    {
        // Planning also refuses a query only raw samples answer over time whose raw samples expired.
        var tiers = TierPlanner.Plan(plan, storage);
        if (!plan.IsAggregate)
        {
            return new StatementResult(id, new RawSelect(storage, _limits).Run(plan.Select, plan.Columns, plan.Groups, plan.Range, cancellation));
        }

        var answer = new AggregateSelect(storage, _limits).Run(plan.Select, plan.Columns, plan.Groups, plan.Range, tiers, cancellation);
        var series = answer.Series.Select(r => r with { Rows = Page(plan.Select, r.Rows) }).ToArray();
        return new StatementResult(id, series) { Messages = answer.SketchAccuracy is { } accuracy ? [SketchMessage(accuracy)] : [] };
    }

    private static StatementMessage SketchMessage(double accuracy) => new(
        "info",
        $"median and percentile values come from rollup quantile sketches: each within {(accuracy * 100).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}% of the exact nearest-rank value; percentile_exact(field, N) reads raw samples");

    /// <summary>ORDER BY time DESC, OFFSET and LIMIT on the rows of one series.</summary>
    private static List<object?[]> Page(SelectStatement select, IReadOnlyList<object?[]> rows)
    {
        var ordered = select.Descending ? rows.Reverse() : rows;
        var page = ordered.Skip(select.Offset);
        return select.Limit > 0 ? [.. page.Take(select.Limit)] : [.. page];
    }
}
