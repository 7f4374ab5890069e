namespace Engine.Query.Language;

/// <summary>The clauses after WHERE: GROUP BY, FILL, ORDER BY, LIMIT, OFFSET, SLIMIT, SOFFSET.</summary>
internal sealed partial class Parser
{
    private static readonly Dictionary<string, FillMode> FillModesByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["null"] = FillMode.Null,
        ["none"] = FillMode.None,
        ["previous"] = FillMode.Previous,
        ["linear"] = FillMode.Linear,
    };

    /// <summary><c>GROUP BY</c> with <c>time(interval[, offset])</c>, tag keys and <c>*</c> in any order.</summary>
    private GroupBy ParseGroupBy(bool aggregates)
    {
        if (!TakeKeyword("GROUP"))
            return GroupBy.None;
        ExpectKeyword("BY", "after GROUP");
        TimeInterval? time = null;
        var tags = new List<string>();
        var allTags = false;
        do
        {
            if (Take(TokenKind.Star))
            {
                allTags = true;
            }
            else if (Keywords.IsTime(current))
            {
                if (time is not null)
                    throw Expected("time(...) once in GROUP BY");
                if (!aggregates)
                    throw new QueryException(current.Position, "expected an aggregate in SELECT for GROUP BY time, found only raw fields");
                time = ParseTimeInterval();
            }
            else
            {
                tags.Add(ExpectName("a tag key, time(...) or '*' in GROUP BY"));
            }
        }
        while (Take(TokenKind.Comma));
        return new GroupBy(time, tags, allTags);
    }

    private TimeInterval ParseTimeInterval()
    {
        Advance();
        Expect(TokenKind.LeftParen, "'(' after time");
        var intervalToken = current;
        var interval = ExpectDuration("duration after time(");
        if (interval == 0)
            throw new QueryException(intervalToken.Position, "expected a time interval longer than 0, found '" + intervalToken.Text + "'");
        var offset = 0L;
        if (Take(TokenKind.Comma))
        {
            var negative = Take(TokenKind.Minus);
            offset = ExpectDuration("a duration offset after time(interval,");
            offset = negative ? -offset : offset;
        }

        Expect(TokenKind.RightParen, "')' to close time(");
        return new TimeInterval(interval, offset);
    }

    private (FillMode Mode, double Value) ParseFill()
    {
        if (!current.IsKeyword("fill"))
            return (FillMode.Null, 0);
        Advance();
        Expect(TokenKind.LeftParen, "'(' after fill");
        const string Options = "null, none, previous, linear or a number in fill(";
        var (mode, value) = (FillMode.Number, 0.0);
        if (current.Kind == TokenKind.Identifier)
        {
            if (!FillModesByName.TryGetValue(current.Text, out mode))
                throw Expected(Options);
            Advance();
        }
        else
        {
            value = ExpectNumber(Options, signed: true);
        }

        Expect(TokenKind.RightParen, "')' to close fill(");
        return (mode, value);
    }

    /// <summary><c>ORDER BY time [ASC|DESC]</c>; true for descending.</summary>
    private bool ParseOrderBy()
    {
        if (!TakeKeyword("ORDER"))
            return false;
        ExpectKeyword("BY", "after ORDER");
        if (!Keywords.IsTime(current))
            throw Expected("time after ORDER BY (results can only be ordered by time)");
        Advance();
        if (TakeKeyword("DESC"))
            return true;
        TakeKeyword("ASC");
        return false;
    }

    /// <summary><c>LIMIT n</c> and the like; 0 when the clause is absent.</summary>
    private int ParseOptionalCount(string clause) => TakeKeyword(clause) ? ExpectCount(clause) : 0;
}
