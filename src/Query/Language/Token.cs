namespace Engine.Query.Language;

internal enum TokenKind
{
    End,
    Identifier,
    QuotedIdentifier,
    String,
    Integer,
    Number,
    Duration,
    Regex,
    LeftParen,
    RightParen,
    Comma,
    Semicolon,
    Dot,
    Star,
    Plus,
    Minus,
    Slash,
    Equal,
    NotEqual,
    Matches,
    NotMatches,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// <summary>
/// One token: <see cref="Text"/> is exactly as written (for "found ..." in errors), <see cref="Value"/>
/// has quotes and escapes removed (identifier, string and regex tokens).
/// </summary>
internal readonly record struct Token(TokenKind Kind, string Text, string Value, SourcePosition Position)
{
    private const int LongestQuotedText = 40;

    public bool IsKeyword(string word) => Kind == TokenKind.Identifier && Text.Equals(word, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// How an error names this token: <c>'FROM'</c>, <c>')'</c>, <c>end of query</c>; literals that
    /// bring their own quotes (<c>'a'</c>, <c>"a"</c>, <c>/a/</c>) are shown as written.
    /// </summary>
    public string Describe()
    {
        if (Kind == TokenKind.End)
            return "end of query";
        var text = Text.Length > LongestQuotedText ? Text[..LongestQuotedText] + "..." : Text;
        return Kind is TokenKind.String or TokenKind.QuotedIdentifier or TokenKind.Regex ? text : $"'{text}'";
    }
}
