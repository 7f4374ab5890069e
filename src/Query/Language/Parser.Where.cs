using System.Text.RegularExpressions;

namespace Engine.Query.Language;

/// <summary>
/// WHERE: tag comparisons combined with AND / OR (AND binds tighter) and parentheses, and time
/// comparisons, which may only be ANDed with the rest so that they make one time range.
/// </summary>
internal sealed partial class Parser
{
    // Loosest first, as for arithmetic.
    private static readonly string[] ConditionLevels = ["OR", "AND"];

    private sealed record WhereClause(TagCondition? Tags, TimeBound? Start, TimeBound? End);

    /// <summary>A parsed condition split into its tag part (null when there is none) and its time comparisons.</summary>
    private readonly record struct ParsedCondition(TagCondition? Tags, IReadOnlyList<TimeComparison> Times);

    private WhereClause ParseSelectWhere()
    {
        var condition = ParseCondition();
        var range = new TimeRange();
        foreach (var comparison in condition.Times)
            range.Add(comparison);
        return new WhereClause(condition.Tags, range.Start, range.End);
    }

    private TagCondition ParseTagWhere(string statement)
    {
        var condition = ParseCondition();
        if (condition.Times.Count > 0)
            throw new QueryException(condition.Times[0].Position, $"expected tag conditions in {statement}, found a time condition");
        return condition.Tags!;
    }

    private ParsedCondition ParseCondition(int level = 0)
    {
        if (level == ConditionLevels.Length)
            return ParseComparison();
        var left = ParseCondition(level + 1);
        var isOr = ConditionLevels[level] == "OR";
        while (current.IsKeyword(ConditionLevels[level]))
        {
            CountOperator();
            var right = ParseCondition(level + 1);
            left = isOr ? Or(left, right) : And(left, right);
        }

        return left;
    }

    private static ParsedCondition And(ParsedCondition left, ParsedCondition right)
    {
        var tags = left.Tags is null || right.Tags is null ? left.Tags ?? right.Tags : new AndCondition(left.Tags, right.Tags);
        return new ParsedCondition(tags, [.. left.Times, .. right.Times]);
    }

    private static ParsedCondition Or(ParsedCondition left, ParsedCondition right)
    {
        if (left.Times.Concat(right.Times).FirstOrDefault() is { } time)
            throw new QueryException(time.Position, "expected tag conditions on both sides of OR, found a time condition (AND time with the rest of WHERE)");
        return new ParsedCondition(new OrCondition(left.Tags!, right.Tags!), []);
    }

    private ParsedCondition ParseComparison()
    {
        if (current.Kind == TokenKind.LeftParen)
            return Parenthesized(() => ParseCondition());

        if (Keywords.IsTime(current))
            return new ParsedCondition(null, [ParseTimeComparison()]);
        var key = ExpectName("a tag key or time");
        var @operator = current;
        TagCondition tag = @operator.Kind switch
        {
            TokenKind.Equal or TokenKind.NotEqual => new TagEquals(key, ExpectAfter(TokenKind.String, "a string in single quotes").Value, @operator.Kind == TokenKind.NotEqual),
            TokenKind.Matches or TokenKind.NotMatches => new TagMatches(key, CompileRegex(ExpectAfter(TokenKind.Regex, "a regex like /.../")), @operator.Kind == TokenKind.NotMatches),
            _ => throw Expected("'=', '!=', '<>', '=~' or '!~' after the tag key"),
        };
        return new ParsedCondition(tag, []);
    }

    /// <summary>Takes an operator, then a token of <paramref name="kind"/>, naming the operator if the token is missing.</summary>
    private Token ExpectAfter(TokenKind kind, string expected)
    {
        var @operator = Advance();
        return Expect(kind, $"{expected} after {@operator.Describe()}");
    }

    /// <remarks>
    /// Non-backtracking: matching stays linear in the tag value whatever the pattern, so a query over
    /// HTTP cannot pin a core; like InfluxDB's RE2, it has no backreferences or lookarounds.
    /// </remarks>
    private static Regex CompileRegex(Token regex)
    {
        try
        {
            return new Regex(regex.Value, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (RegexParseException e)
        {
            throw new QueryException(regex.Position, $"expected a valid .NET regex, found {regex.Describe()} ({e.Error} at offset {e.Offset})");
        }
        catch (NotSupportedException)
        {
            throw new QueryException(regex.Position, $"expected a regex without backreferences, lookarounds or atomic groups, found {regex.Describe()}");
        }
    }

    private TimeComparison ParseTimeComparison()
    {
        var time = Advance();
        if (current.Kind is not (TokenKind.Greater or TokenKind.GreaterOrEqual or TokenKind.Less or TokenKind.LessOrEqual or TokenKind.Equal))
            throw Expected("'>', '>=', '<', '<=' or '=' after time");
        var @operator = Advance();
        return new TimeComparison(@operator.Kind, ParseTimeExpression(@operator), time.Position);
    }

    /// <summary><c>now()</c>, a time string, an epoch (ns, or with a unit), then any <c>+ duration</c> / <c>- duration</c>.</summary>
    private TimeBound ParseTimeExpression(Token @operator)
    {
        var value = ParseTimeValue(@operator);
        while (current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var sign = Advance();
            var durationToken = current;
            var duration = ExpectDuration($"a duration after {sign.Describe()}");
            var sum = value.Nanoseconds + (sign.Kind == TokenKind.Minus ? -(Int128)duration : duration);
            if (sum < long.MinValue || sum > long.MaxValue)
                throw new QueryException(durationToken.Position, $"time out of range after '{sign.Text} {durationToken.Text}': expected a time between 1677-09-21 and 2262-04-11");
            value = value with { Nanoseconds = (long)sum };
        }

        return value;
    }

    private TimeBound ParseTimeValue(Token @operator)
    {
        var token = current;
        if (token.IsKeyword("now") && Peek().Kind == TokenKind.LeftParen)
        {
            Advance();
            Advance();
            Expect(TokenKind.RightParen, "')' after now(");
            return new TimeBound(0, RelativeToNow: true);
        }

        if (token.Kind == TokenKind.Duration)
            return new TimeBound(ExpectDuration("an epoch with a unit"), RelativeToNow: false);
        if (token.Kind is not (TokenKind.String or TokenKind.Integer))
            throw Expected($"now(), a time string like '2026-11-23T10:00:00Z' or an epoch after time {@operator.Text}");
        Advance();
        if (token.Kind == TokenKind.String)
        {
            return TimeLiterals.TryParse(token.Value, out var nanoseconds, out var error)
                ? new TimeBound(nanoseconds, RelativeToNow: false)
                : throw new QueryException(token.Position, error);
        }

        return long.TryParse(token.Text, out var epoch)
            ? new TimeBound(epoch, RelativeToNow: false)
            : throw new QueryException(token.Position, $"expected an epoch in nanoseconds of at most {long.MaxValue}, found {token.Describe()}");
    }
}
