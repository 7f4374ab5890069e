namespace Engine.Query.Language;

// Placeholder until the parser branch lands; replaced by the real parser in the merge.
public static class QueryParser
{
    public static IReadOnlyList<Statement> Parse(string text) => throw new QueryException(new SourcePosition(1, 1), "parser not merged: " + text);
}
