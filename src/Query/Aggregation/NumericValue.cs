using System.Runtime.CompilerServices;
using Engine.Storage.Model;

namespace Engine.Query.Aggregation;

/// <summary>
/// Conversions between stored bits and the numbers aggregates compute with. Integer aggregates
/// go through doubles, so they are exact up to 2^53 (documented in docs/query-language.md).
/// </summary>
internal static class NumericValue
{
    public static bool IsNumeric(FieldType type) => type is FieldType.Float or FieldType.Integer or FieldType.Unsigned;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ToDouble(FieldType type, ulong bits) => type switch
    {
        FieldType.Float => BitConverter.UInt64BitsToDouble(bits),
        FieldType.Integer => unchecked((long)bits),
        FieldType.Unsigned => bits,
        _ => bits,
    };

    /// <summary>The result value of a field's type: integers stay integers, as in InfluxQL.</summary>
    // The casts to object stop the arms' common type (double) from swallowing the integer ones.
    public static object FromDouble(FieldType type, double value) => type switch
    {
        FieldType.Integer => (object)(long)value,
        FieldType.Unsigned => (object)(ulong)value,
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
