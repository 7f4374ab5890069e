namespace Engine.Storage.Encoding;

/// <summary>
/// LEB128 unsigned variable-length integers (7 bits per byte, low groups first, high bit set on
/// every byte but the last) and zigzag mapping of signed values onto them.
/// </summary>
internal static class VarInt
{
    public const int MaxLength = 10;

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

    public static ulong Read(ReadOnlySpan<byte> source, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if ((uint)position >= (uint)source.Length)
                Corrupt.Throw("varint runs past the end of the column");
            var b = source[position++];
            // The tenth byte may only carry the single top bit of a 64-bit value.
            if (shift == 63 && b > 1)
                Corrupt.Throw("varint overflows 64 bits");
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                return result;
        }

        return Corrupt.Throw<ulong>("varint longer than 10 bytes");
    }

    public static ulong ZigZag(long value) => unchecked((ulong)((value << 1) ^ (value >> 63)));

    public static long UnZigZag(ulong value) => unchecked((long)(value >> 1) ^ -(long)(value & 1));
}
