namespace Engine.Query.Language;

/// <summary>
/// Words that start or join clauses and so cannot be names unless double-quoted. Other words of the
/// grammar (<c>fill</c>, <c>time</c>, <c>KEYS</c>, ...) are recognised by where they stand and stay usable as names.
/// </summary>
internal static class Keywords
{
    private static readonly HashSet<string> Reserved = new(
        ["SELECT", "FROM", "WHERE", "GROUP", "BY", "ORDER", "LIMIT", "OFFSET", "SLIMIT", "SOFFSET", "AS", "AND", "OR", "SHOW", "EXPLAIN", "WITH"],
        StringComparer.OrdinalIgnoreCase);

    public static bool IsReserved(string word) => Reserved.Contains(word);

    /// <summary>The unquoted word <c>time</c> is the time column in WHERE and GROUP BY; quoted, it is a tag.</summary>
    public static bool IsTime(Token token) => token.IsKeyword("time");
}
