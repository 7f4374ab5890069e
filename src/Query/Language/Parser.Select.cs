namespace Engine.Query.Language;

/// <summary>SELECT: the statement with its clauses, the field list and arithmetic on aggregates.</summary>
internal sealed partial class Parser
{
    // Binding strength from loosest to tightest; each level is left-associative.
    private static readonly Dictionary<TokenKind, ArithmeticOperator>[] OperatorLevels =
    [
        new() { [TokenKind.Plus] = ArithmeticOperator.Add, [TokenKind.Minus] = ArithmeticOperator.Subtract },
        new() { [TokenKind.Star] = ArithmeticOperator.Multiply, [TokenKind.Slash] = ArithmeticOperator.Divide },
    ];

    private SelectStatement ParseSelect()
    {
        var fields = ParseSelectFields();
        var aggregates = SelectFieldRules.Check(fields);
        ExpectKeyword("FROM", "after the select fields");
        var measurement = ParseMeasurement();
        var where = TakeKeyword("WHERE") ? ParseSelectWhere() : new WhereClause(null, null, null);
        var groupBy = ParseGroupBy(aggregates);
        var (fill, fillValue) = ParseFill();
        var descending = ParseOrderBy();
        var limit = ParseOptionalCount("LIMIT");
        var offset = ParseOptionalCount("OFFSET");
        var seriesLimit = ParseOptionalCount("SLIMIT");
        var seriesOffset = ParseOptionalCount("SOFFSET");
        return new SelectStatement(fields, measurement)
        {
            Where = where.Tags,
            Start = where.Start,
            End = where.End,
            GroupBy = groupBy,
            Fill = fill,
            FillValue = fillValue,
            Descending = descending,
            Limit = limit,
            Offset = offset,
            SeriesLimit = seriesLimit,
            SeriesOffset = seriesOffset,
        };
    }

    private List<SelectField> ParseSelectFields()
    {
        var fields = new List<SelectField>();
        do
        {
            var expression = ParseExpression();
            var alias = TakeKeyword("AS") ? ExpectName("an alias after AS") : null;
            fields.Add(new SelectField(expression, alias));
        }
        while (Take(TokenKind.Comma));
        return fields;
    }

    private Expression ParseExpression(int level = 0)
    {
        if (level == OperatorLevels.Length)
            return ParseOperand();
        var left = ParseExpression(level + 1);
        while (OperatorLevels[level].TryGetValue(current.Kind, out var @operator))
        {
            CountOperator();
            left = new BinaryExpression(@operator, left, ParseExpression(level + 1), left.Position);
        }

        return left;
    }

    private Expression ParseOperand()
    {
        var start = current.Position;
        switch (current.Kind)
        {
            case TokenKind.Minus or TokenKind.Integer or TokenKind.Number:
                return new NumberLiteral(ExpectNumber("a number after '-'", signed: true), start);
            case TokenKind.LeftParen:
                return Parenthesized(() => ParseExpression());
            case TokenKind.Star:
                Advance();
                return new FieldReference("*", start);
            case TokenKind.Identifier when Peek().Kind == TokenKind.LeftParen:
                return ParseAggregateCall();
            default:
                return new FieldReference(ExpectName("a field, an aggregate, a number or '('"), start);
        }
    }

    private AggregateCall ParseAggregateCall()
    {
        var name = Advance();
        if (!AggregateNames.TryFind(name.Text, out var function, out var shortcutPercentile))
            throw new QueryException(name.Position, $"unknown function {name.Describe()}, expected one of {AggregateNames.All}");
        Advance();
        var argumentStart = current.Position;
        var argument = new FieldReference(Take(TokenKind.Star) ? "*" : ExpectName($"a field name or '*' in {name.Text}("), argumentStart);
        var percentile = shortcutPercentile ?? (function.TakesPercentile() ? ParsePercentileArgument() : 0);
        Expect(TokenKind.RightParen, $"')' to close {name.Text}(");
        return new AggregateCall(function, argument, percentile, name.Position);
    }

    private double ParsePercentileArgument()
    {
        Expect(TokenKind.Comma, "',' and a percentile after the field");
        var token = current;
        const string InRange = "a percentile between 0 and 100";
        var percentile = ExpectNumber(InRange, signed: false);
        return percentile <= 100 ? percentile : throw new QueryException(token.Position, $"expected {InRange}, found {token.Describe()}");
    }

    /// <summary>
    /// A measurement name; clients send <c>db..m</c> or <c>"db"."rp"."m"</c>, and Engine has one
    /// database and one retention setup, so the prefixes are read and dropped.
    /// </summary>
    private string ParseMeasurement()
    {
        const string MeasurementName = "a measurement name";
        var name = ExpectName(MeasurementName);
        for (var prefixes = 1; current.Kind == TokenKind.Dot; prefixes++)
        {
            if (prefixes == 3)
                throw Expected("at most database.retention_policy.measurement");
            Advance();
            if (prefixes == 1 && current.Kind == TokenKind.Dot)
                continue;
            name = ExpectName(MeasurementName);
        }

        return name;
    }
}
