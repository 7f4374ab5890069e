namespace Engine.Storage.Model;

/// <summary>
/// One field value. Numeric and boolean values live in <see cref="Bits"/> (the raw IEEE-754 bits
/// for floats, two's complement for integers, 0/1 for booleans) so that a value never boxes and
/// NaN payloads survive bit-exactly; strings are carried by reference.
/// </summary>
public readonly struct FieldValue : IEquatable<FieldValue>
{
    private FieldValue(FieldType type, ulong bits, string? text)
    {
        Type = type;
        Bits = bits;
        Text = text;
    }

    public FieldType Type { get; }

    /// <summary>The raw 64-bit payload for every type but <see cref="FieldType.String"/>.</summary>
    public ulong Bits { get; }

    /// <summary>The value of a <see cref="FieldType.String"/> field, otherwise null.</summary>
    public string? Text { get; }

    public double AsFloat => BitConverter.UInt64BitsToDouble(Bits);
    public long AsInteger => unchecked((long)Bits);
    public ulong AsUnsigned => Bits;
    public bool AsBoolean => Bits != 0;
    public string AsString => Text ?? string.Empty;

    public static FieldValue Float(double value) => new(FieldType.Float, BitConverter.DoubleToUInt64Bits(value), null);
    public static FieldValue Integer(long value) => new(FieldType.Integer, unchecked((ulong)value), null);
    public static FieldValue Unsigned(ulong value) => new(FieldType.Unsigned, value, null);
    public static FieldValue Boolean(bool value) => new(FieldType.Boolean, value ? 1UL : 0UL, null);
    public static FieldValue String(string value) => new(FieldType.String, 0, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>Rebuilds a value from its stored form (type, raw bits, text for strings).</summary>
    public static FieldValue FromBits(FieldType type, ulong bits, string? text = null) =>
        type == FieldType.String ? String(text ?? string.Empty) : new FieldValue(type, bits, null);

    /// <summary>Bitwise equality: NaN equals NaN with the same payload, +0 differs from -0.</summary>
    public bool Equals(FieldValue other) =>
        Type == other.Type && Bits == other.Bits && string.Equals(Text, other.Text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is FieldValue other && Equals(other);
    public override int GetHashCode() => HashCode.Combine(Type, Bits, Text);
    public static bool operator ==(FieldValue left, FieldValue right) => left.Equals(right);
    public static bool operator !=(FieldValue left, FieldValue right) => !left.Equals(right);

    public override string ToString() => Type switch
    {
        FieldType.Float => AsFloat.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        FieldType.Integer => AsInteger.ToString(System.Globalization.CultureInfo.InvariantCulture) + "i",
        FieldType.Unsigned => AsUnsigned.ToString(System.Globalization.CultureInfo.InvariantCulture) + "u",
        FieldType.Boolean => AsBoolean ? "true" : "false",
        _ => "\"" + Text + "\"",
    };
}
