using System.Globalization;

namespace Engine.Query.Language;

/// <summary>
/// Recursive descent over the tokens of one query text, one token of lookahead (two for <c>name(</c>).
/// The clauses live in the other parts of this class.
/// </summary>
internal sealed partial class Parser(string text)
{
    // Parentheses recurse; a bound keeps hostile input such as 100,000 '(' from overflowing the stack.
    private const int MaxNesting = 100;

    // Chains of operators build trees as deep as they are long, and everything that walks a tree
    // (this parser, the executor, record equality) recurses; a bound keeps them all on the stack.
    private const int MaxOperators = 1000;

    private readonly Lexer lexer = new(text);
    private Token? lookahead;
    private Token current;
    private int nesting;
    private int operators;

    public IReadOnlyList<Statement> ParseStatements()
    {
        current = lexer.Next();
        var statements = new List<Statement>();
        while (true)
        {
            while (current.Kind == TokenKind.Semicolon)
                Advance();
            if (current.Kind == TokenKind.End)
                return statements;
            statements.Add(ParseStatement());
            if (current.Kind is not (TokenKind.Semicolon or TokenKind.End))
                throw Expected("';' or end of query");
        }
    }

    private Statement ParseStatement()
    {
        operators = 0;
        if (TakeKeyword("SELECT"))
            return ParseSelect();
        if (TakeKeyword("SHOW"))
            return ParseShow();
        if (TakeKeyword("EXPLAIN"))
        {
            ExpectKeyword("SELECT", "after EXPLAIN");
            return new ExplainStatement(ParseSelect());
        }

        throw Expected("SELECT, SHOW or EXPLAIN");
    }

    private Token Advance()
    {
        var taken = current;
        current = lookahead ?? lexer.Next();
        lookahead = null;
        return taken;
    }

    private Token Peek() => lookahead ??= lexer.Next();

    private bool Take(TokenKind kind)
    {
        if (current.Kind != kind)
            return false;
        Advance();
        return true;
    }

    private bool TakeKeyword(string word)
    {
        if (!current.IsKeyword(word))
            return false;
        Advance();
        return true;
    }

    private void ExpectKeyword(string word, string context)
    {
        if (!TakeKeyword(word))
            throw Expected($"{word} {context}");
    }

    private Token Expect(TokenKind kind, string expected) =>
        current.Kind == kind ? Advance() : throw Expected(expected);

    private QueryException Expected(string expected) =>
        new(current.Position, $"expected {expected}, found {current.Describe()}");

    /// <summary>A name: a plain identifier that is not a reserved word, or any double-quoted text.</summary>
    private string ExpectName(string expected)
    {
        if (current.Kind == TokenKind.QuotedIdentifier || (current.Kind == TokenKind.Identifier && !Keywords.IsReserved(current.Text)))
            return Advance().Value;
        throw Expected(expected);
    }

    /// <summary><c>( inner )</c>, counting the level of nesting.</summary>
    private T Parenthesized<T>(Func<T> parseInner)
    {
        if (++nesting > MaxNesting)
            throw new QueryException(current.Position, $"expected at most {MaxNesting} nested parentheses, found more");
        Advance();
        var inner = parseInner();
        Expect(TokenKind.RightParen, "')'");
        nesting--;
        return inner;
    }

    /// <summary>Takes a binary operator (arithmetic, AND, OR), counting it against the statement's bound.</summary>
    private void CountOperator()
    {
        if (++operators > MaxOperators)
            throw new QueryException(current.Position, $"expected at most {MaxOperators} operators in one statement, found more");
        Advance();
    }

    /// <summary>An integer or decimal number, with a leading <c>-</c> when <paramref name="signed"/>.</summary>
    private double ExpectNumber(string expected, bool signed)
    {
        var negative = signed && Take(TokenKind.Minus);
        if (current.Kind is not (TokenKind.Integer or TokenKind.Number))
            throw Expected(expected);
        var value = double.Parse(current.Text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value))
            throw new QueryException(current.Position, $"number {current.Describe()} is out of range");
        Advance();
        return negative ? -value : value;
    }

    /// <summary>A non-negative integer that fits an int (LIMIT and friends).</summary>
    private int ExpectCount(string clause)
    {
        var token = Expect(TokenKind.Integer, $"a non-negative integer after {clause}");
        return int.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : throw new QueryException(token.Position, $"expected {clause} of at most {int.MaxValue}, found {token.Describe()}");
    }

    private long ExpectDuration(string expected)
    {
        var token = Expect(TokenKind.Duration, expected);
        return Durations.TryParse(token.Text, out var nanoseconds, out var error)
            ? nanoseconds
            : throw new QueryException(token.Position, error);
    }
}
