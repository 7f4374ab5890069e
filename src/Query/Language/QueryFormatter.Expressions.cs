using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Engine.Query.Language;

/// <summary>Select expressions, tag conditions, names and literals.</summary>
public static partial class QueryFormatter
{
    public static string Format(Expression expression) => expression switch
    {
        FieldReference field => field.IsWildcard ? "*" : Name(field.Name),
        AggregateCall call when call.Function.TakesPercentile() => $"{AggregateNames.Name(call.Function)}({Format(call.Argument)}, {Number(call.Parameter)})",
        AggregateCall call => $"{AggregateNames.Name(call.Function)}({Format(call.Argument)})",
        NumberLiteral number => Number(number.Value),
        BinaryExpression binary =>
            $"{Operand(binary.Left, binary, isRight: false)} {Symbol(binary.Operator)} {Operand(binary.Right, binary, isRight: true)}",
        _ => throw new ArgumentException($"no query text for {expression.GetType().Name}", nameof(expression)),
    };

    public static string Format(TagCondition condition) => condition switch
    {
        TagEquals equals => $"{Name(equals.Key)} {(equals.Negated ? "!=" : "=")} {StringLiteral(equals.Value)}",
        TagMatches matches => $"{Name(matches.Key)} {(matches.Negated ? "!~" : "=~")} {RegexLiteral(matches.Pattern)}",
        AndCondition and => $"{Side(and.Left, and, isRight: false)} AND {Side(and.Right, and, isRight: true)}",
        OrCondition or => $"{Side(or.Left, or, isRight: false)} OR {Side(or.Right, or, isRight: true)}",
        _ => throw new ArgumentException($"no query text for {condition.GetType().Name}", nameof(condition)),
    };

    /// <summary>A name as written in a query: bare when it can be, else in double quotes.</summary>
    public static string Name(string name) =>
        PlainName().IsMatch(name) && !Keywords.IsReserved(name) && !name.Equals("time", StringComparison.OrdinalIgnoreCase)
            ? name
            : Quote(name, '"');

    private static int Precedence(ArithmeticOperator @operator) =>
        @operator is ArithmeticOperator.Add or ArithmeticOperator.Subtract ? 0 : 1;

    // Operators are left-associative: a right operand of the same strength needs parentheses (a - (b - c)).
    private static string Operand(Expression operand, BinaryExpression parent, bool isRight) =>
        operand is BinaryExpression child
        && (Precedence(child.Operator) < Precedence(parent.Operator) || (isRight && Precedence(child.Operator) == Precedence(parent.Operator)))
            ? $"({Format(operand)})"
            : Format(operand);

    private static string Side(TagCondition side, TagCondition parent, bool isRight) =>
        (side is OrCondition && parent is AndCondition) || (isRight && side.GetType() == parent.GetType())
            ? $"({Format(side)})"
            : Format(side);

    private static string Symbol(ArithmeticOperator @operator) => @operator switch
    {
        ArithmeticOperator.Add => "+",
        ArithmeticOperator.Subtract => "-",
        ArithmeticOperator.Multiply => "*",
        _ => "/",
    };

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string StringLiteral(string value) => Quote(value, '\'');

    private static string Quote(string text, char quote) =>
        quote + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(quote.ToString(), "\\" + quote, StringComparison.Ordinal) + quote;

    /// <summary>Escapes each <c>/</c> that the pattern does not already escape; the pattern's own escapes stay as they are.</summary>
    private static string RegexLiteral(Regex pattern)
    {
        var source = pattern.ToString();
        var text = new StringBuilder("/");
        for (var i = 0; i < source.Length; i++)
        {
            if (source[i] == '\\' && i + 1 < source.Length)
                text.Append(source, i++, 2);
            else
                text.Append(source[i] == '/' ? "\\/" : source[i].ToString());
        }

        return text.Append('/').ToString();
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex PlainName();
}
