using System.Text;

namespace Engine.Query.Language;

/// <summary>
/// Splits query text into tokens on demand. A <c>/</c> right after <c>=~</c> or <c>!~</c> opens a
/// regex literal and divides anywhere else: the one place where a token depends on what came before.
/// </summary>
internal sealed class Lexer
{
    private readonly string text;
    private readonly LineMap lines;
    private int offset;
    private TokenKind previous = TokenKind.End;

    public Lexer(string text)
    {
        this.text = text;
        lines = new LineMap(text);
    }

    public Token Next()
    {
        while (offset < text.Length && char.IsWhiteSpace(text[offset]))
            offset++;
        var token = offset == text.Length ? Take(TokenKind.End, offset) : Scan(offset);
        previous = token.Kind;
        return token;
    }

    private Token Scan(int start)
    {
        var c = text[start];
        if (char.IsAsciiLetter(c) || c == '_')
            return Take(TokenKind.Identifier, SkipWhile(start, IsIdentifierPart));
        if (char.IsAsciiDigit(c))
            return ScanNumber(start);
        return c switch
        {
            '"' => ScanQuoted(start, TokenKind.QuotedIdentifier, "identifier", unescapesBackslash: true),
            '\'' => ScanQuoted(start, TokenKind.String, "string", unescapesBackslash: true),

            // A regex keeps \\ as written: it is the regex's own escape for a backslash.
            '/' when previous is TokenKind.Matches or TokenKind.NotMatches =>
                ScanQuoted(start, TokenKind.Regex, "regex", unescapesBackslash: false),
            _ => ScanOperator(start, c),
        };
    }

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    // µ (micro sign) and μ (Greek mu) look alike; both mean microseconds.
    private static bool IsDurationPart(char c) => char.IsAsciiLetterOrDigit(c) || c is 'µ' or 'μ';

    private int SkipWhile(int from, Func<char, bool> predicate)
    {
        var end = from;
        while (end < text.Length && predicate(text[end]))
            end++;
        return end;
    }

    private bool At(int index, char c) => index < text.Length && text[index] == c;

    private bool DigitAt(int index) => index < text.Length && char.IsAsciiDigit(text[index]);

    /// <summary>An integer (<c>42</c>), a number (<c>4.2</c>, <c>1e-3</c>) or a duration (<c>1h30m</c>).</summary>
    private Token ScanNumber(int start)
    {
        var end = SkipWhile(start, char.IsAsciiDigit);
        var kind = TokenKind.Integer;
        if (At(end, '.') && DigitAt(end + 1))
        {
            end = SkipWhile(end + 1, char.IsAsciiDigit);
            kind = TokenKind.Number;
        }

        if ((At(end, 'e') || At(end, 'E')) && (DigitAt(end + 1) || ((At(end + 1, '-') || At(end + 1, '+')) && DigitAt(end + 2))))
            return Take(TokenKind.Number, SkipWhile(end + 2, char.IsAsciiDigit));
        if (kind == TokenKind.Integer && end < text.Length && IsDurationPart(text[end]))
            return Take(TokenKind.Duration, SkipWhile(end, IsDurationPart));
        return Take(kind, end);
    }

    /// <summary>
    /// Text between two <paramref name="kind"/> quotes: <c>'...'</c>, <c>"..."</c> or <c>/.../</c>.
    /// A backslash before the quote escapes it; any other escape is kept as written, so Windows paths
    /// and regex escapes need no doubling.
    /// </summary>
    private Token ScanQuoted(int start, TokenKind kind, string what, bool unescapesBackslash)
    {
        var quote = text[start];
        var value = new StringBuilder();
        var i = start + 1;
        while (i < text.Length && text[i] != quote)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                var escaped = text[i + 1];
                if (escaped == quote || (unescapesBackslash && escaped == '\\'))
                    value.Append(escaped);
                else
                    value.Append(text, i, 2);
                i += 2;
            }
            else
            {
                value.Append(text[i]);
                i++;
            }
        }

        if (i == text.Length)
            throw new QueryException(lines.At(start), $"expected {quote} to close the {what}, found end of query");
        if (kind == TokenKind.QuotedIdentifier && value.Length == 0)
            throw new QueryException(lines.At(start), "expected a name between the double quotes, found \"\"");
        offset = i + 1;
        return new Token(kind, text[start..offset], value.ToString(), lines.At(start));
    }

    private Token ScanOperator(int start, char c)
    {
        var next = start + 1;
        var (kind, length) = c switch
        {
            '(' => (TokenKind.LeftParen, 1),
            ')' => (TokenKind.RightParen, 1),
            ',' => (TokenKind.Comma, 1),
            ';' => (TokenKind.Semicolon, 1),
            '.' => (TokenKind.Dot, 1),
            '*' => (TokenKind.Star, 1),
            '+' => (TokenKind.Plus, 1),
            '-' => (TokenKind.Minus, 1),
            '/' => (TokenKind.Slash, 1),
            '=' when At(next, '~') => (TokenKind.Matches, 2),
            '=' => (TokenKind.Equal, 1),
            '!' when At(next, '=') => (TokenKind.NotEqual, 2),
            '!' when At(next, '~') => (TokenKind.NotMatches, 2),
            '<' when At(next, '>') => (TokenKind.NotEqual, 2),
            '<' when At(next, '=') => (TokenKind.LessOrEqual, 2),
            '<' => (TokenKind.Less, 1),
            '>' when At(next, '=') => (TokenKind.GreaterOrEqual, 2),
            '>' => (TokenKind.Greater, 1),
            '!' => throw new QueryException(lines.At(start), "expected '!=' or '!~', found '!'"),
            _ => throw new QueryException(lines.At(start), $"unexpected character '{c}'"),
        };
        return Take(kind, start + length);
    }

    private Token Take(TokenKind kind, int end)
    {
        var start = offset;
        offset = end;
        var written = text[start..end];
        return new Token(kind, written, written, lines.At(start));
    }
}
