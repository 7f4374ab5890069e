using Engine.Query.Language;

namespace Engine.Query.Execution;

/// <summary>Evaluates a select expression for one row, given the values of its aggregate calls.</summary>
internal static class ExpressionValue
{
    public static object? Evaluate(Expression expression, Func<AggregateCall, object?> valueOf) => expression switch
    {
        AggregateCall call => valueOf(call),
        NumberLiteral number => number.Value,
        BinaryExpression binary => Apply(binary.Operator, Evaluate(binary.Left, valueOf), Evaluate(binary.Right, valueOf)),
        _ => throw new ArgumentOutOfRangeException(nameof(expression)),
    };

    /// <summary>Arithmetic in doubles; null if either side is null; division by zero gives 0, as InfluxQL.</summary>
    private static double? Apply(ArithmeticOperator op, object? left, object? right)
    {
        if (AsDouble(left) is not { } l || AsDouble(right) is not { } r)
        {
            return null;
        }

        return op switch
        {
            ArithmeticOperator.Add => l + r,
            ArithmeticOperator.Subtract => l - r,
            ArithmeticOperator.Multiply => l * r,
            ArithmeticOperator.Divide => r == 0 ? 0.0 : l / r,
            _ => throw new ArgumentOutOfRangeException(nameof(op)),
        };
    }

    public static double? AsDouble(object? value) => value switch
    {
        double d => d,
        long l => l,
        ulong u => u,
        _ => null,
    };
}
