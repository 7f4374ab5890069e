namespace Engine.Query.Language;

/// <summary>The SHOW statements that clients such as the influx shell and Grafana send.</summary>
internal sealed partial class Parser
{
    private const string ShowKinds = "DATABASES, MEASUREMENTS, TAG KEYS, TAG VALUES, FIELD KEYS or SERIES after SHOW";

    private Statement ParseShow()
    {
        if (TakeKeyword("DATABASES"))
            return new ShowDatabasesStatement();
        if (TakeKeyword("MEASUREMENTS"))
            return new ShowMeasurementsStatement();
        if (TakeKeyword("FIELD"))
        {
            ExpectKeyword("KEYS", "after SHOW FIELD");
            return new ShowFieldKeysStatement(ParseOptionalFrom());
        }

        if (TakeKeyword("SERIES"))
        {
            var measurement = ParseOptionalFrom();
            return new ShowSeriesStatement(measurement, TakeKeyword("WHERE") ? ParseTagWhere("SHOW SERIES") : null);
        }

        if (!TakeKeyword("TAG"))
            throw Expected(ShowKinds);
        if (TakeKeyword("KEYS"))
            return new ShowTagKeysStatement(ParseOptionalFrom());
        ExpectKeyword("VALUES", "or KEYS after SHOW TAG");
        return new ShowTagValuesStatement(ParseOptionalFrom(), ParseWithKey());
    }

    private string? ParseOptionalFrom() => TakeKeyword("FROM") ? ParseMeasurement() : null;

    /// <summary><c>WITH KEY = k</c> or <c>WITH KEY IN (k1, k2)</c>; a key may also be written as a string.</summary>
    private List<string> ParseWithKey()
    {
        ExpectKeyword("WITH", "KEY after SHOW TAG VALUES");
        ExpectKeyword("KEY", "after WITH");
        if (Take(TokenKind.Equal))
            return [ExpectTagKey()];
        ExpectKeyword("IN", "or '=' after WITH KEY");
        Expect(TokenKind.LeftParen, "'(' after WITH KEY IN");
        var keys = new List<string>();
        do
        {
            keys.Add(ExpectTagKey());
        }
        while (Take(TokenKind.Comma));
        Expect(TokenKind.RightParen, "',' or ')' after a tag key");
        return keys;
    }

    private string ExpectTagKey() =>
        current.Kind == TokenKind.String ? Advance().Value : ExpectName("a tag key");
}
