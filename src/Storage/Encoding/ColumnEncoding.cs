namespace Engine.Storage.Encoding;

/// <summary>
/// How one column of a chunk is encoded. Persisted in chunk headers next to the encoded byte
/// length and the sample count: the numbers are part of the file format, are never reused and
/// never renumbered. Each value names one byte layout, documented on the class that writes it.
/// </summary>
public enum ColumnEncoding : byte
{
    /// <summary>8 bytes little-endian per sample: long, ulong or IEEE-754 bits. The fallback.</summary>
    Raw64 = 1,

    /// <summary>Timestamps with one constant interval: first and interval only.</summary>
    TimestampRegular = 2,

    /// <summary>Timestamps as delta-of-delta, residuals bit-packed.</summary>
    TimestampDeltaOfDeltaPacked = 3,

    /// <summary>Timestamps as delta-of-delta, residuals rANS-coded.</summary>
    TimestampDeltaOfDeltaRans = 4,

    /// <summary>Floats as Gorilla XOR.</summary>
    FloatGorilla = 5,

    /// <summary>Floats that are all exactly m / 10^e: delta of m, residuals bit-packed.</summary>
    FloatDecimalPacked = 6,

    /// <summary>
    /// Floats that are all exactly m / 10^e: delta of m, residuals rANS-coded, optionally with a
    /// context for values at the column's min or max (the bounded form of DecimalFloats).
    /// </summary>
    FloatDecimalRans = 7,

    /// <summary>Integers or unsigned as zigzag delta, residuals bit-packed.</summary>
    IntegerDeltaPacked = 8,

    /// <summary>Integers or unsigned as zigzag delta, residuals rANS-coded.</summary>
    IntegerDeltaRans = 9,

    /// <summary>Booleans, one bit per sample.</summary>
    BooleanBitPacked = 10,

    /// <summary>Booleans that are all equal: one byte.</summary>
    BooleanConstant = 11,

    /// <summary>Strings as UTF-8 lengths and bytes, uncompressed.</summary>
    StringRaw = 12,

    /// <summary>Strings as the <see cref="StringRaw"/> block compressed with LZ4.</summary>
    StringLz4 = 13,
}
