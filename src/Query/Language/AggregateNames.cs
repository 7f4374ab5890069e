namespace Engine.Query.Language;

/// <summary>The function names of SELECT, shared by the parser and the formatter.</summary>
internal static class AggregateNames
{
    private static readonly (string Name, AggregateFunction Function)[] Functions =
    [
        ("count", AggregateFunction.Count),
        ("sum", AggregateFunction.Sum),
        ("mean", AggregateFunction.Mean),
        ("median", AggregateFunction.Median),
        ("min", AggregateFunction.Min),
        ("max", AggregateFunction.Max),
        ("first", AggregateFunction.First),
        ("last", AggregateFunction.Last),
        ("spread", AggregateFunction.Spread),
        ("stddev", AggregateFunction.Stddev),
        ("percentile", AggregateFunction.Percentile),
        ("percentile_exact", AggregateFunction.ExactPercentile),
    ];

    private static readonly (string Name, double Percentile)[] PercentileShortcuts = [("p50", 50), ("p90", 90), ("p95", 95), ("p99", 99)];

    private static readonly Dictionary<string, AggregateFunction> FunctionsByName =
        Functions.ToDictionary(f => f.Name, f => f.Function, StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<string, double> ShortcutsByName =
        PercentileShortcuts.ToDictionary(s => s.Name, s => s.Percentile, StringComparer.OrdinalIgnoreCase);

    /// <summary>For errors: <c>count, sum, ..., percentile, p50, p90, p95, p99</c>.</summary>
    public static string All { get; } = string.Join(", ", Functions.Select(f => f.Name).Concat(PercentileShortcuts.Select(s => s.Name)));

    public static string Name(AggregateFunction function) => Functions.First(f => f.Function == function).Name;

    /// <summary>
    /// The function a name calls; <paramref name="percentile"/> is set for the shortcuts <c>p50</c> to
    /// <c>p99</c>, and null when the call itself gives it (<c>percentile(x, N)</c>) or takes none.
    /// </summary>
    public static bool TryFind(string name, out AggregateFunction function, out double? percentile)
    {
        percentile = ShortcutsByName.TryGetValue(name, out var shortcut) ? shortcut : null;
        if (percentile is not null)
        {
            function = AggregateFunction.Percentile;
            return true;
        }

        return FunctionsByName.TryGetValue(name, out function);
    }
}
