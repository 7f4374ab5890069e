namespace Engine.Query.Language;

/// <summary>
/// A select expression. <see cref="Position"/> is the 1-based line and column of its first
/// character in the query text, for errors found after parsing.
/// </summary>
public abstract record Expression(SourcePosition Position);

/// <summary>A field (or <c>*</c> for every field) read raw: <c>SELECT usage_user FROM cpu</c>.</summary>
public sealed record FieldReference(string Name, SourcePosition Position) : Expression(Position)
{
    public bool IsWildcard => Name == "*";
}

/// <summary>
/// An aggregate over one field: <c>mean(x)</c>, <c>percentile(x, 99)</c>, <c>p95(x)</c> (parsed
/// into <see cref="AggregateFunction.Percentile"/> with 95). <see cref="Argument"/> may be the
/// wildcard: <c>max(*)</c> aggregates every field.
/// </summary>
public sealed record AggregateCall(AggregateFunction Function, FieldReference Argument, double Parameter, SourcePosition Position)
    : Expression(Position);

/// <summary>Arithmetic on aggregates or numbers: <c>max(x) - min(x)</c>, <c>mean(x) * 100</c>.</summary>
public sealed record BinaryExpression(ArithmeticOperator Operator, Expression Left, Expression Right, SourcePosition Position)
    : Expression(Position);

public sealed record NumberLiteral(double Value, SourcePosition Position) : Expression(Position);

public enum ArithmeticOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
}

public enum AggregateFunction
{
    Count,
    Sum,
    Mean,
    Median,
    Min,
    Max,
    First,
    Last,
    Spread,
    Stddev,

    /// <summary>
    /// Nearest rank, as InfluxQL: the value at rank ⌊n·p/100 + 0.5⌋ of the sorted values; from
    /// rollups, the same rank read from their quantile sketches (within their relative accuracy).
    /// </summary>
    Percentile,

    /// <summary>The nearest-rank percentile always computed from raw samples, never from sketches.</summary>
    ExactPercentile,
}

public static class AggregateFunctions
{
    /// <summary>Whether a call of the function takes a percentile after the field: <c>percentile(x, 99)</c>.</summary>
    public static bool TakesPercentile(this AggregateFunction function) =>
        function is AggregateFunction.Percentile or AggregateFunction.ExactPercentile;
}

/// <summary>1-based line and column in the query text.</summary>
public readonly record struct SourcePosition(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}
