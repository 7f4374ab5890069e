namespace Engine.Query.Execution;

/// <summary>
/// The answer to one statement, shaped like an InfluxDB 1.x result: series of rows, or an error.
/// Row values are <c>long</c> (time in ns, integers), <c>ulong</c>, <c>double</c>, <c>bool</c>,
/// <c>string</c> or null.
/// </summary>
public sealed record StatementResult(int StatementId, IReadOnlyList<ResultSeries> Series, string? Error = null)
{
    /// <summary>Notes on how the answer was computed (InfluxDB's per-statement <c>messages</c>), such as percentiles read from sketches.</summary>
    public IReadOnlyList<StatementMessage> Messages { get; init; } = [];

    public static StatementResult Failed(int statementId, string error) => new(statementId, [], error);
}

/// <summary>A note on a statement's answer: <see cref="Level"/> is <c>info</c> or <c>warning</c>, as InfluxDB's.</summary>
public sealed record StatementMessage(string Level, string Text);

/// <summary>One table of a result: a measurement (and tag group) with its columns and rows.</summary>
public sealed record ResultSeries(string Name, IReadOnlyList<KeyValuePair<string, string>> Tags, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows)
{
    /// <summary>Whether the first column is <c>time</c> in nanoseconds (formatted per the client's epoch).</summary>
    public bool HasTimeColumn => Columns.Count > 0 && Columns[0] == "time";
}
