using System.Numerics;

namespace Engine.Storage.Encoding;

/// <summary>
/// Splits a zigzagged residual into an entropy-coded symbol and raw extra bits, in the style of
/// zstd's offset codes: values 0..15 are their own symbol; a larger value with its top bit at
/// position n (4..63) becomes symbol 16 + 4(n - 4) + (the two bits below the top bit), followed
/// by its n - 2 lowest bits verbatim. The bucket keeps four sub-buckets per octave, fine enough
/// that the roughly flat density inside a bucket costs almost nothing over true entropy.
/// Symbols 0..255 cover the whole 64-bit range exactly.
/// </summary>
internal static class ResidualSymbols
{
    public const int Count = 256;
    private const int Direct = 16;

    public static int ToSymbol(ulong value, out int extraBitCount)
    {
        if (value < Direct)
        {
            extraBitCount = 0;
            return (int)value;
        }

        var top = 63 - BitOperations.LeadingZeroCount(value);
        extraBitCount = top - 2;
        return Direct + ((top - 4) << 2) + (int)((value >> extraBitCount) & 3);
    }

    public static int ExtraBitCount(int symbol) => symbol < Direct ? 0 : ((symbol - Direct) >> 2) + 2;

    /// <summary>The smallest and largest zigzagged value of a symbol.</summary>
    public static (ulong Low, ulong High) Range(int symbol)
    {
        if (symbol < Direct)
            return ((ulong)symbol, (ulong)symbol);
        var low = FromSymbol(symbol, 0);
        return (low, low | (ulong.MaxValue >> (64 - ExtraBitCount(symbol))));
    }

    public static ulong FromSymbol(int symbol, ulong extraBits)
    {
        if (symbol < Direct)
            return (ulong)symbol;
        var extraBitCount = ((symbol - Direct) >> 2) + 2;
        return ((ulong)(4 | (symbol & 3)) << extraBitCount) | extraBits;
    }
}
