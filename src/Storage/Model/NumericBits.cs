using System.Runtime.CompilerServices;

namespace Engine.Storage.Model;

/// <summary>
/// Stored numeric bits as the doubles aggregates compute with. Integers go through doubles, so
/// they are exact up to 2^53 (documented in docs/query-language.md).
/// </summary>
public static class NumericBits
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
}
