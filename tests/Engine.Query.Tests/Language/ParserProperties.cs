using Engine.Query.Language;
using FsCheck;
using FsCheck.Xunit;
using static Engine.Query.Tests.Language.SyntaxTrees;

namespace Engine.Query.Tests.Language;

[Properties(Arbitrary = [typeof(QueryGenerators)])]
public class ParserProperties
{
    [Property(MaxTest = 2000)]
    public void Any_text_fails_only_with_a_positioned_query_exception(NonNull<string> text)
    {
        ParseOrCheckError(text.Get);
    }

    [Property(MaxTest = 3000)]
    public void Token_soups_fail_only_with_query_exceptions_and_what_parses_formats_back(TokenSoup soup)
    {
        if (ParseOrCheckError(soup.Text) is { } statements)
        {
            var text = string.Join(";\n", statements.Select(QueryFormatter.Format));
            Assert.Equal(statements.Select(Normalize), ParseNormalized(text));
        }
    }

    [Property(MaxTest = 1000)]
    public void Formatting_a_syntax_tree_and_parsing_the_text_gives_the_tree_back(Statement statement)
    {
        var text = QueryFormatter.Format(statement);

        Assert.Equal(Normalize(statement), Assert.Single(ParseNormalized(text)));
    }

    /// <summary>The statements, or null after checking that the error points inside the text.</summary>
    private static IReadOnlyList<Statement>? ParseOrCheckError(string text)
    {
        try
        {
            return QueryParser.Parse(text);
        }
        catch (QueryException error)
        {
            var lines = text.Split('\n');
            Assert.InRange(error.Position.Line, 1, lines.Length);
            Assert.InRange(error.Position.Column, 1, lines[error.Position.Line - 1].Length + 1);
            Assert.Equal($"error at {error.Position}: {error.Reason}", error.Message);
            return null;
        }
    }
}
