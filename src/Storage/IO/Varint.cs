using System.Runtime.CompilerServices;

namespace Engine.Storage.IO;

/// <summary>LEB128 variable-length integers (7 bits a byte, low bits first) and zigzag mapping.</summary>
public static class Varint
{
    public const int MaxBytes = 10;

    /// <summary>How many bytes <see cref="Write"/> uses for <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Length(ulong value) => (System.Numerics.BitOperations.Log2(value | 1) / 7) + 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Write(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>Reads one varint; returns the bytes used, or 0 when the input is truncated or overlong.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int TryRead(ReadOnlySpan<byte> source, out ulong value)
    {
        value = 0;
        var shift = 0;
        for (var i = 0; i < source.Length && i < MaxBytes; i++)
        {
            ulong b = source[i];
            // The tenth byte may only carry the single top bit of a 64-bit value.
            if (shift == 63 && b > 1)
            {
                break;
            }

            value |= (b & 0x7F) << shift;
            if (b < 0x80)
            {
                return i + 1;
            }

            shift += 7;
        }

        value = 0;
        return 0;
    }

    /// <summary>Reads one varint at <paramref name="position"/> and moves past it; damage is a <see cref="CorruptDataException"/>.</summary>
    public static ulong Read(ReadOnlySpan<byte> source, ref int position)
    {
        ulong value = 0;
        var used = (uint)position <= (uint)source.Length ? TryRead(source[position..], out value) : 0;
        if (used == 0)
        {
            throw new CorruptDataException("truncated, overlong or overflowing varint");
        }

        position += used;
        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ZigZag(long value) => unchecked((ulong)((value << 1) ^ (value >> 63)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long UnZigZag(ulong value) => unchecked((long)(value >> 1) ^ -(long)(value & 1));
}
