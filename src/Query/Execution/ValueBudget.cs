using Engine.Query.Language;

namespace Engine.Query.Execution;

/// <summary>
/// Bounds the raw values one statement may hold at once (medians and exact percentiles need them
/// all); shared by the threads reading for the statement.
/// </summary>
internal sealed class ValueBudget(long limit)
{
    private long _held;

    /// <summary>Accounts for <paramref name="count"/> more values, or fails the statement with a clear error.</summary>
    public void Take(int count)
    {
        if (Interlocked.Add(ref _held, count) > limit)
        {
            throw new QueryException(
                $"the query needs more than {limit} values in memory for median or percentile; narrow the time range or the series, or group by a shorter time");
        }
    }
}
