using System.Text.RegularExpressions;
using Engine.Query.Language;
using FsCheck;
using FsCheck.Fluent;

namespace Engine.Query.Tests.Language;

/// <summary>Query text made of real and broken tokens, shown as written.</summary>
public sealed record TokenSoup(string Text)
{
    public override string ToString() => Text;
}

/// <summary>FsCheck generators: valid syntax trees with hostile names and values, and token soups.</summary>
public static class QueryGenerators
{
    // Characters and words with a meaning somewhere in the language, so that names need quoting and escaping.
    private static readonly string[] NameAtoms = ["a", "Z", "_", "7", " ", "\"", "\\", "'", "é", "select", "time", "fill", "count", "-", ".", "/", "\n"];

    // Patterns with slashes, escapes and classes; not "\/", which formats as "/" (the same regex, other text).
    private static readonly string[] Patterns = ["^web-\\d+$", "a/b", "x|y", "(?i)abc", "\\\\", "[/]+", "é.*", "^$", "\\w+\\s"];

    private static readonly string[] SoupTokens =
    [
        "SELECT", "select", "FROM", "WHERE", "GROUP", "BY", "time", "fill", "ORDER", "DESC", "ASC", "LIMIT", "OFFSET", "SLIMIT", "SOFFSET",
        "SHOW", "TAG", "KEYS", "VALUES", "WITH", "KEY", "IN", "FIELD", "SERIES", "DATABASES", "MEASUREMENTS", "EXPLAIN", "AS", "AND", "OR",
        "now", "mean", "max", "percentile", "p99", "count", "foo", "host", "v", "cpu", "none", "linear", "\"q i\"", "\"\"", "\"open",
        "'a'", "'it\\'s'", "'2026-11-23T10:00:00Z'", "'2026-02-30'", "'open", "/re/", "/a(/", "/open", "1", "0", "100", "1.5", "1e999",
        "99999999999999999999", "9223372036854775807", "5m", "1h30m", "0s", "5x", "99999999999w", "µ", "(", ")", ",", ";", ".", "*", "+",
        "-", "/", "=", "!=", "<>", "=~", "!~", "<", "<=", ">", ">=", "!", "#", "\\",
    ];

    private static readonly long[] Units = [1, 1_000, 1_000_000, 1_000_000_000, 60_000_000_000, 3_600_000_000_000];

    private static Gen<bool> Bool() => ArbMap.Default.GeneratorFor<bool>();

    private static Gen<string> Text(int minAtoms) =>
        Gen.Choose(minAtoms, 4).SelectMany(n => Gen.ArrayOf(Gen.Elements(NameAtoms), n)).Select(string.Concat);

    private static Gen<string> Name() => Gen.Frequency((3, Gen.Elements("host", "usage_user", "v", "Count", "time", "fill")), (2, Text(1)));

    private static Gen<T?> Maybe<T>(Gen<T> value)
        where T : class => Gen.Frequency((1, Gen.Constant<T?>(null)), (2, value.Select(v => (T?)v)));

    private static Gen<double> Float() => Gen.Frequency(
        (3, ArbMap.Default.GeneratorFor<double>().Where(double.IsFinite)),
        (1, Gen.Elements(0.0, -0.0, double.Epsilon, double.MaxValue, double.MinValue, 0.1, 1e22, 1e-7)),
        (2, Gen.Choose(-100_000, 100_000).Select(n => n / 100.0)));

    private static Gen<long> Duration(int min, int max) =>
        from count in Gen.Choose(min, max)
        from unit in Gen.Elements(Units)
        select count * unit;

    private static Gen<AggregateCall> Aggregate(bool allowWildcard) =>
        from function in Gen.Elements(Enum.GetValues<AggregateFunction>())
        from field in allowWildcard ? Gen.Frequency((4, Name()), (1, Gen.Constant("*"))) : Name()
        from percentile in Gen.Frequency((1, Gen.Elements(0.0, 50, 99.9, 100)), (2, Gen.Choose(0, 10_000).Select(n => n / 100.0)))
        select new AggregateCall(function, new FieldReference(field, default), function.TakesPercentile() ? percentile : 0, default);

    private static Gen<Expression> Arithmetic(int depth)
    {
        var leaf = Gen.Frequency(
            (3, Aggregate(allowWildcard: false).Select(call => (Expression)call)),
            (1, Float().Select(value => (Expression)new NumberLiteral(value, default))));
        if (depth == 0)
            return leaf;
        var binary =
            from left in Arithmetic(depth - 1)
            from @operator in Gen.Elements(Enum.GetValues<ArithmeticOperator>())
            from right in Arithmetic(depth - 1)
            select (Expression)new BinaryExpression(@operator, left, right, default);
        return Gen.Frequency((1, leaf), (2, binary));
    }

    private static bool HasAggregate(Expression expression) => expression switch
    {
        AggregateCall => true,
        BinaryExpression binary => HasAggregate(binary.Left) || HasAggregate(binary.Right),
        _ => false,
    };

    private static Gen<SelectField> Field(Gen<Expression> expression) =>
        from value in expression
        from alias in Maybe(Name())
        select new SelectField(value, alias);

    private static Gen<SelectField[]> Fields(bool aggregates)
    {
        var expression = aggregates
            ? Gen.OneOf(Aggregate(allowWildcard: true).Select(call => (Expression)call), Arithmetic(3).Where(HasAggregate))
            : Gen.Frequency((4, Name()), (1, Gen.Constant("*"))).Select(name => (Expression)new FieldReference(name, default));
        return Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(Field(expression), n));
    }

    private static Gen<TagCondition> Condition(int depth)
    {
        var leaf = Gen.OneOf(
            from key in Name()
            from value in Text(0)
            from negated in Bool()
            select (TagCondition)new TagEquals(key, value, negated),
            from key in Name()
            from pattern in Gen.Elements(Patterns)
            from negated in Bool()
            select (TagCondition)new TagMatches(key, new Regex(pattern, RegexOptions.CultureInvariant), negated));
        if (depth == 0)
            return leaf;
        var combined =
            from left in Condition(depth - 1)
            from right in Condition(depth - 1)
            from isOr in Bool()
            select isOr ? (TagCondition)new OrCondition(left, right) : new AndCondition(left, right);
        return Gen.Frequency((2, leaf), (1, combined));
    }

    private static Gen<TimeBound> Bound() => Gen.OneOf(
        Gen.Frequency(
            (2, ArbMap.Default.GeneratorFor<long>()),
            (2, Gen.Choose(0, 2_000_000_000).SelectMany(seconds => Gen.Choose(0, 999_999_999).Select(nanoseconds => (seconds * 1_000_000_000L) + nanoseconds))),
            (1, Gen.Elements(long.MinValue, long.MaxValue, 0L)))
            .Select(nanoseconds => new TimeBound(nanoseconds, RelativeToNow: false)),
        Duration(-1_000_000, 1_000_000).Select(offset => new TimeBound(offset, RelativeToNow: true)));

    private static Gen<GroupBy> Grouping(bool aggregates) =>
        from interval in Duration(1, 1_000_000)
        from offset in Duration(-1_000, 1_000)
        from hasTime in aggregates ? Bool() : Gen.Constant(false)
        from tags in Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Name(), n))
        from allTags in Bool()
        select new GroupBy(hasTime ? new TimeInterval(interval, offset) : null, tags, allTags);

    private static Gen<int> Count() => Gen.Frequency((3, Gen.Constant(0)), (2, Gen.Choose(1, 1000)), (1, Gen.Constant(int.MaxValue)));

    public static Gen<SelectStatement> SelectGen() =>
        from aggregates in Bool()
        from fields in Fields(aggregates)
        from measurement in Name()
        from tags in Maybe(Condition(3))
        from start in Maybe(Bound())
        from end in Maybe(Bound())
        from groupBy in Grouping(aggregates)
        from fill in Gen.Elements(Enum.GetValues<FillMode>())
        from fillValue in Float()
        from newestFirst in Bool()
        from limits in Gen.ArrayOf(Count(), 4)
        select new SelectStatement(fields, measurement)
        {
            Where = tags,
            Start = start,
            End = end,
            GroupBy = groupBy,
            Fill = fill,
            FillValue = fill == FillMode.Number ? fillValue : 0,
            Descending = newestFirst,
            Limit = limits[0],
            Offset = limits[1],
            SeriesLimit = limits[2],
            SeriesOffset = limits[3],
        };

    private static Gen<Statement> ShowGen() =>
        from measurement in Maybe(Name())
        from keys in Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(Name(), n))
        from tags in Maybe(Condition(2))
        from kind in Gen.Choose(0, 5)
        select kind switch
        {
            0 => new ShowDatabasesStatement(),
            1 => new ShowMeasurementsStatement(),
            2 => new ShowTagKeysStatement(measurement),
            3 => new ShowTagValuesStatement(measurement, keys),
            4 => new ShowFieldKeysStatement(measurement),
            _ => (Statement)new ShowSeriesStatement(measurement, tags),
        };

    public static Arbitrary<Statement> Statements() => Gen.Frequency(
        (6, SelectGen().Select(select => (Statement)select)),
        (1, SelectGen().Select(select => (Statement)new ExplainStatement(select))),
        (2, ShowGen())).ToArbitrary();

    private static Gen<string> SoupToken() => Gen.Frequency((1, Gen.Constant("SELECT")), (15, Gen.Elements(SoupTokens)));

    private static Gen<string> RandomTokens() =>
        from tokens in Gen.Choose(1, 30).SelectMany(n => Gen.ArrayOf(SoupToken(), n))
        from separators in Gen.ArrayOf(Gen.Elements(" ", " ", "", "\n"), tokens.Length)
        select string.Concat(tokens.Zip(separators, (token, separator) => token + separator));

    // A valid statement with some words dropped or swapped for soup tokens: near misses, and some hits.
    private static Gen<string> DamagedStatement() =>
        from statement in Statements().Generator
        let words = QueryFormatter.Format(statement).Split(' ')
        from damage in Gen.ArrayOf(Gen.Frequency((12, Gen.Constant(0)), (1, Gen.Constant(1)), (1, Gen.Constant(2))), words.Length)
        from replacements in Gen.ArrayOf(SoupToken(), words.Length)
        select string.Join(' ', words.Select((word, i) => damage[i] switch { 0 => word, 1 => string.Empty, _ => replacements[i] }));

    public static Arbitrary<TokenSoup> Soups() =>
        Gen.Frequency((1, RandomTokens()), (2, DamagedStatement())).Select(text => new TokenSoup(text)).ToArbitrary();
}
