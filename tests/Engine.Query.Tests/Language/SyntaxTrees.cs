using Engine.Query.Language;

namespace Engine.Query.Tests.Language;

/// <summary>
/// Syntax trees that compare whole: positions cleared and lists compared by their items (the
/// records hold IReadOnlyList, which compares by reference), plus short builders for expected trees.
/// </summary>
internal static class SyntaxTrees
{
    public static IReadOnlyList<Statement> ParseNormalized(string text) =>
        new ValueList<Statement>(QueryParser.Parse(text).Select(Normalize));

    public static Statement Normalize(Statement statement) => statement switch
    {
        SelectStatement select => Normalize(select),
        ExplainStatement explain => new ExplainStatement(Normalize(explain.Select)),
        ShowTagValuesStatement show => show with { Keys = new ValueList<string>(show.Keys) },
        _ => statement,
    };

    public static SelectStatement Normalize(SelectStatement select) => select with
    {
        Fields = new ValueList<SelectField>(select.Fields.Select(field => field with { Expression = Normalize(field.Expression) })),
        GroupBy = select.GroupBy with { Tags = new ValueList<string>(select.GroupBy.Tags) },
    };

    private static Expression Normalize(Expression expression) => expression switch
    {
        AggregateCall call => call with { Argument = call.Argument with { Position = default }, Position = default },
        BinaryExpression binary => binary with { Left = Normalize(binary.Left), Right = Normalize(binary.Right), Position = default },
        _ => expression with { Position = default },
    };

    public static SelectStatement Select(string measurement, params SelectField[] fields) => new(fields, measurement);

    public static SelectField Field(Expression expression, string? alias = null) => new(expression, alias);

    public static FieldReference Raw(string name) => new(name, default);

    public static AggregateCall Call(AggregateFunction function, string field, double parameter = 0) =>
        new(function, Raw(field), parameter, default);

    public static NumberLiteral Number(double value) => new(value, default);

    public static BinaryExpression Binary(Expression left, ArithmeticOperator @operator, Expression right) =>
        new(@operator, left, right, default);

    public static TimeBound Absolute(long nanoseconds) => new(nanoseconds, RelativeToNow: false);

    public static TimeBound FromNow(long nanoseconds) => new(nanoseconds, RelativeToNow: true);

    public static GroupBy GroupBy(TimeInterval? time, bool allTags, params string[] tags) => new(time, tags, allTags);
}

/// <summary>A list that equals another with the same items in the same order.</summary>
internal sealed class ValueList<T>(IEnumerable<T> items) : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly T[] items = [.. items];

    public int Count => items.Length;

    public T this[int index] => items[index];

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)items).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(ValueList<T>? other) => other is not null && items.SequenceEqual(other.items);

    public override bool Equals(object? obj) => Equals(obj as ValueList<T>);

    public override int GetHashCode() => items.Length;

    public override string ToString() => "[" + string.Join(", ", items) + "]";
}
