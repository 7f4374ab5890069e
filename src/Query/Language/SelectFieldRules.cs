namespace Engine.Query.Language;

/// <summary>
/// What the grammar alone allows but a select list may not hold: raw fields next to aggregates (as
/// InfluxQL), arithmetic on raw fields or on wildcards (the executor computes arithmetic per
/// aggregated row, by column name), and fields that are only numbers.
/// </summary>
internal static class SelectFieldRules
{
    /// <summary>Throws at the first field that breaks a rule; true when the fields are aggregates.</summary>
    public static bool Check(IReadOnlyList<SelectField> fields)
    {
        var aggregates = IsAggregate(fields[0].Expression);
        foreach (var field in fields.Skip(1))
        {
            if (IsAggregate(field.Expression) != aggregates)
                throw Mixing(field.Expression);
        }

        return aggregates;
    }

    private static bool IsAggregate(Expression expression) => expression switch
    {
        FieldReference => false,
        AggregateCall => true,
        _ => CheckArithmetic(expression),
    };

    private static bool CheckArithmetic(Expression expression)
    {
        var operands = Operands(expression).ToList();
        var calls = operands.OfType<AggregateCall>().ToList();
        if (operands.OfType<FieldReference>().FirstOrDefault() is { } field)
        {
            throw calls.Count > 0
                ? Mixing(field)
                : new QueryException(field.Position, $"expected aggregates in arithmetic, found the raw field '{field.Name}'");
        }

        if (calls.FirstOrDefault(call => call.Argument.IsWildcard) is { } wildcard)
            throw new QueryException(wildcard.Argument.Position, "expected a named field in arithmetic, found '*'");
        if (calls.Count == 0)
            throw new QueryException(expression.Position, "expected a field or an aggregate in the select field, found only numbers");
        return true;
    }

    private static IEnumerable<Expression> Operands(Expression expression) =>
        expression is BinaryExpression binary ? Operands(binary.Left).Concat(Operands(binary.Right)) : [expression];

    private static QueryException Mixing(Expression expression) =>
        new(expression.Position, "mixing aggregate and non-aggregate queries is not supported");
}
