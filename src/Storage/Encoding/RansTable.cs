using System.Diagnostics;

namespace Engine.Storage.Encoding;

/// <summary>
/// A static frequency table for <see cref="RansResiduals"/>: per symbol a frequency, the
/// frequencies summing to exactly 2^ScaleBits.
///
/// Serialized layout (a <see cref="BitWriter"/> bit stream, zero-padded to a byte boundary):
/// <code>
///   4 bits   ScaleBits - 8          (ScaleBits is 8..12)
///   8 bits   symbolCount - 1        (entries follow for symbols 0 .. symbolCount-1)
///   per symbol: Elias-gamma code of (frequency + 1)   (absent symbols cost one bit)
/// </code>
/// 
/// </summary>
internal static class RansTable
{
    public const int MinScaleBits = 8;
    public const int MaxScaleBits = 12;

    /// <summary>
    /// Picks the scale whose normalized table costs the fewest bits in all, table included: finer
    /// probabilities pay for their larger table only in long columns. Leaves that table in
    /// <paramref name="frequencies"/> and returns its scale.
    /// </summary>
    public static int ChooseTable(ReadOnlySpan<int> counts, int sampleCount, Span<int> frequencies)
    {
        Span<int> candidate = stackalloc int[counts.Length];
        var bestScale = 0;
        var bestBits = double.MaxValue;
        for (var scaleBits = MinScaleBits; scaleBits <= MaxScaleBits; scaleBits++)
        {
            Normalize(counts, sampleCount, scaleBits, candidate);
            var bits = CodedBits(counts, candidate, scaleBits);
            if (bits < bestBits)
            {
                bestBits = bits;
                bestScale = scaleBits;
                candidate.CopyTo(frequencies);
            }
        }

        return bestScale;
    }

    /// <summary>
    /// Scales symbol counts to frequencies summing to 2^scaleBits, every present symbol keeping at
    /// least 1. Rounding down first, the shortfall (or excess from the minimum of 1) is settled
    /// one step at a time where it costs the fewest coded bits.
    /// </summary>
    public static void Normalize(ReadOnlySpan<int> counts, int sampleCount, int scaleBits, Span<int> frequencies)
    {
        Debug.Assert(sampleCount > 0);
        var total = 1 << scaleBits;
        var sum = 0;
        for (var s = 0; s < counts.Length; s++)
        {
            var f = counts[s] == 0 ? 0 : Math.Max(1, (int)((long)counts[s] * total / sampleCount));
            frequencies[s] = f;
            sum += f;
        }

        for (; sum < total; sum++)
            frequencies[BestToIncrement(counts, frequencies)]++;
        for (; sum > total; sum--)
            frequencies[BestToDecrement(counts, frequencies)]--;
    }

    /// <summary>Symbol bits (ideal rANS) plus table bits for one candidate table.</summary>
    private static double CodedBits(ReadOnlySpan<int> counts, ReadOnlySpan<int> frequencies, int scaleBits)
    {
        var bits = 12.0;
        var symbolCount = frequencies.Length;
        while (symbolCount > 1 && frequencies[symbolCount - 1] == 0)
            symbolCount--;
        for (var s = 0; s < symbolCount; s++)
        {
            bits += GammaLength((ulong)frequencies[s] + 1);
            if (counts[s] > 0)
                bits += counts[s] * (scaleBits - Math.Log2(frequencies[s]));
        }

        return bits;
    }

    public static void Write(ref BitWriter writer, int scaleBits, scoped ReadOnlySpan<int> frequencies)
    {
        var symbolCount = frequencies.Length;
        while (symbolCount > 1 && frequencies[symbolCount - 1] == 0)
            symbolCount--;
        writer.Write((ulong)(scaleBits - MinScaleBits), 4);
        writer.Write((ulong)(symbolCount - 1), 8);
        for (var s = 0; s < symbolCount; s++)
            WriteGamma(ref writer, (ulong)frequencies[s] + 1);
    }

    /// <summary>Reads a table and validates that it sums to 2^scaleBits.</summary>
    public static int Read(ref BitReader reader, scoped Span<int> frequencies)
    {
        var scaleBits = (int)reader.Read(4) + MinScaleBits;
        if (scaleBits > MaxScaleBits)
            Corrupt.Throw("rANS scale out of range");
        var symbolCount = (int)reader.Read(8) + 1;
        var total = 1 << scaleBits;
        frequencies.Clear();
        var sum = 0;
        for (var s = 0; s < symbolCount; s++)
        {
            var f = ReadGamma(ref reader, scaleBits + 1) - 1;
            if (f > (ulong)(total - sum))
                Corrupt.Throw("rANS frequencies exceed their scale");
            frequencies[s] = (int)f;
            sum += (int)f;
        }

        if (sum != total)
            Corrupt.Throw("rANS frequencies do not sum to their scale");
        return scaleBits;
    }

    private static int BestToIncrement(ReadOnlySpan<int> counts, ReadOnlySpan<int> frequencies)
    {
        // Gain of f -> f+1 is count * log2((f+1)/f); compare count/f as its first-order proxy.
        var best = -1;
        var bestGain = -1.0;
        for (var s = 0; s < counts.Length; s++)
        {
            if (frequencies[s] == 0)
                continue;
            var gain = (double)counts[s] / frequencies[s];
            if (gain > bestGain)
            {
                bestGain = gain;
                best = s;
            }
        }

        return best;
    }

    private static int BestToDecrement(ReadOnlySpan<int> counts, ReadOnlySpan<int> frequencies)
    {
        // Loss of f -> f-1 is about count / (f-1); only symbols above the minimum may give.
        var best = -1;
        var bestLoss = double.MaxValue;
        for (var s = 0; s < counts.Length; s++)
        {
            if (frequencies[s] <= 1)
                continue;
            var loss = (double)counts[s] / (frequencies[s] - 1);
            if (loss < bestLoss)
            {
                bestLoss = loss;
                best = s;
            }
        }

        Debug.Assert(best >= 0, "scale smaller than the number of symbols");
        return best;
    }

    // Elias gamma: (bit length - 1) zero bits, then the value's bits from the top one down.
    private static void WriteGamma(ref BitWriter writer, ulong value)
    {
        var length = (GammaLength(value) + 1) / 2;
        writer.Write(0, length - 1);
        for (var bit = length - 1; bit >= 0; bit--)
            writer.Write((value >> bit) & 1, 1);
    }

    private static int GammaLength(ulong value) => (2 * (64 - System.Numerics.BitOperations.LeadingZeroCount(value))) - 1;

    private static ulong ReadGamma(ref BitReader reader, int maxBits)
    {
        var zeros = 0;
        while (!reader.ReadBit())
        {
            if (++zeros >= maxBits)
                Corrupt.Throw("rANS frequency code too long");
        }

        var value = 1UL;
        for (var i = 0; i < zeros; i++)
            value = (value << 1) | reader.Read(1);
        return value;
    }
}
