namespace Engine.Query.Language;

/// <summary>Parses InfluxQL-style query text; the grammar is in docs/query-language.md.</summary>
public static class QueryParser
{
    /// <summary>
    /// The statements of <paramref name="text"/>, separated by <c>;</c> (blank statements are skipped).
    /// Any problem is a <see cref="QueryException"/> with the line and column where it was found.
    /// </summary>
    public static IReadOnlyList<Statement> Parse(string text) => new Parser(text).ParseStatements();
}
