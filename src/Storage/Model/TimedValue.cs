namespace Engine.Storage.Model;

/// <summary>A sample kept by a selector (first, last): its time and stored value.</summary>
public readonly record struct TimedValue(long Time, ulong Bits, string? Text)
{
    public static TimedValue None { get; } = new(long.MinValue, 0, null);

    public bool IsNone => Time == long.MinValue && Bits == 0 && Text is null;

    /// <summary>Orders two values of one field type; the tie-break of first and last.</summary>
    public int CompareValue(TimedValue other, FieldType type) => type switch
    {
        FieldType.String => string.CompareOrdinal(Text, other.Text),
        _ => NumericBits.ToDouble(type, Bits).CompareTo(NumericBits.ToDouble(type, other.Bits)),
    };
}
