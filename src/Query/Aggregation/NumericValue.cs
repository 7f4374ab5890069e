using Engine.Storage.Model;

namespace Engine.Query.Aggregation;

/// <summary>Aggregate results as the values a query answers with (stored bits to doubles: <see cref="NumericBits"/>).</summary>
internal static class NumericValue
{
    /// <summary>
    /// The result value of a field's type: integers stay integers, as in InfluxQL. Integer values
    /// come through doubles exactly (up to 2^53) except a sketch's estimates, which round to the nearest.
    /// </summary>
    // The casts to object stop the arms' common type (double) from swallowing the integer ones.
    public static object FromDouble(FieldType type, double value) => type switch
    {
        FieldType.Integer => (object)(long)Math.Round(value),
        FieldType.Unsigned => (object)(ulong)Math.Round(value),
        _ => value,
    };

    /// <summary>A stored value as a result value.</summary>
    public static object? FromBits(FieldType type, ulong bits, string? text) => type switch
    {
        FieldType.Float => BitConverter.UInt64BitsToDouble(bits),
        FieldType.Integer => unchecked((long)bits),
        FieldType.Unsigned => bits,
        FieldType.Boolean => bits != 0,
        _ => text,
    };
}
