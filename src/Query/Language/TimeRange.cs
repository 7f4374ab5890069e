namespace Engine.Query.Language;

/// <summary>One <c>time op value</c> comparison of a WHERE clause, before it becomes a bound.</summary>
internal sealed record TimeComparison(TokenKind Operator, TimeBound Value, SourcePosition Position);

/// <summary>
/// The half-open range <c>[Start, End)</c> that ANDed time comparisons leave: <c>time &gt; x</c> starts at
/// x + 1ns, <c>time &lt;= x</c> ends at x + 1ns, and of several bounds on one side the tightest wins.
/// </summary>
internal sealed class TimeRange
{
    public TimeBound? Start { get; private set; }

    public TimeBound? End { get; private set; }

    public void Add(TimeComparison comparison)
    {
        var value = comparison.Value;
        switch (comparison.Operator)
        {
            case TokenKind.Greater:
                Start = Tighter(Start, AfterNanosecond(comparison), Math.Max, comparison);
                break;
            case TokenKind.GreaterOrEqual:
                Start = Tighter(Start, value, Math.Max, comparison);
                break;
            case TokenKind.Less:
                End = Tighter(End, value, Math.Min, comparison);
                break;
            case TokenKind.LessOrEqual:
                End = Tighter(End, AfterNanosecond(comparison), Math.Min, comparison);
                break;
            default:
                Start = Tighter(Start, value, Math.Max, comparison);
                End = Tighter(End, AfterNanosecond(comparison), Math.Min, comparison);
                break;
        }
    }

    private static TimeBound AfterNanosecond(TimeComparison comparison) =>
        comparison.Value.Nanoseconds < long.MaxValue
            ? comparison.Value with { Nanoseconds = comparison.Value.Nanoseconds + 1 }
            : throw new QueryException(comparison.Position, "expected a time before 2262-04-11T23:47:16.854775807Z, found one after it");

    private static TimeBound Tighter(TimeBound? bound, TimeBound candidate, Func<long, long, long> pick, TimeComparison comparison)
    {
        if (bound is null)
            return candidate;

        // now() moves, so an absolute and a relative bound cannot be ordered once for every run.
        if (bound.RelativeToNow != candidate.RelativeToNow)
            throw new QueryException(comparison.Position, "expected bounds on one side of time that are all absolute or all relative to now(), found both");
        return bound with { Nanoseconds = pick(bound.Nanoseconds, candidate.Nanoseconds) };
    }
}
