using System.Diagnostics;

namespace Engine.Storage.Encoding;

/// <summary>
/// A static frequency table for <see cref="RansResiduals"/>: per symbol a frequency, the
/// frequencies summing to exactly 2^ScaleBits. Either listed symbol by symbol, or derived from a
/// one-byte <see cref="RansPrior"/> scale, whichever codes the column in fewer bits in all.
///
/// Serialized layout (a <see cref="BitWriter"/> bit stream; the caller pads it to a byte boundary):
/// <code>
///   4 bits   ScaleBits - 8          (ScaleBits is 8..12)
///   1 bit    kind                   0 = listed, 1 = Gaussian prior
///   8 bits   symbolCount - 1        (symbols 0 .. symbolCount-1 may occur)
///   listed:  per symbol the Elias-gamma code of (frequency + 1)   (absent symbols cost one bit)
///   prior:   8 bits scale index     (frequencies as <see cref="RansPrior.TryFill"/> derives them)
/// </code>
/// </summary>
internal static class RansTable
{
    public const int MinScaleBits = 8;
    public const int MaxScaleBits = 12;

    private const int HeaderBits = 4 + 1 + 8;
    private const int PriorSearchRadius = 4;

    /// <summary>
    /// Picks the table that codes the counted symbols in the fewest bits in all, table included:
    /// finer probabilities pay for their larger table only in long columns, and a prior costs one
    /// byte where it fits. Leaves that table in <paramref name="frequencies"/> and returns its header.
    /// </summary>
    public static RansTableHeader ChooseTable(ReadOnlySpan<int> counts, int sampleCount, Span<int> frequencies)
    {
        Span<int> candidate = stackalloc int[counts.Length];
        var symbolCount = counts.Length;
        while (symbolCount > 1 && counts[symbolCount - 1] == 0)
            symbolCount--;
        var best = default(RansTableHeader);
        var bestBits = double.MaxValue;
        for (var scaleBits = MinScaleBits; scaleBits <= MaxScaleBits; scaleBits++)
        {
            Normalize(counts, sampleCount, scaleBits, candidate);
            var bits = ListedBits(candidate, symbolCount) + CodedBits(counts, candidate, scaleBits);
            if (bits < bestBits)
            {
                bestBits = bits;
                best = new RansTableHeader(scaleBits, symbolCount, PriorScale: -1);
                candidate.CopyTo(frequencies);
            }
        }

        // The best prior scale barely depends on ScaleBits: search it at the finest scale, then
        // try the coarser scales at that index only.
        var center = RansPrior.NearestIndex(EstimateSigma(counts, sampleCount));
        var bestIndex = -1;
        var bestIndexBits = double.MaxValue;
        var low = Math.Max(0, center - PriorSearchRadius);
        var high = Math.Min(RansPrior.ScaleIndexCount - 1, center + PriorSearchRadius);
        for (var index = low; index <= high; index++)
        {
            if (!RansPrior.TryFill(index, symbolCount, MaxScaleBits, candidate))
                continue;
            var bits = CodedBits(counts, candidate, MaxScaleBits);
            if (bits < bestIndexBits)
            {
                bestIndexBits = bits;
                bestIndex = index;
            }
        }

        for (var scaleBits = MinScaleBits; scaleBits <= MaxScaleBits && bestIndex >= 0; scaleBits++)
        {
            if (!RansPrior.TryFill(bestIndex, symbolCount, scaleBits, candidate))
                continue;
            var bits = HeaderBits + 8 + CodedBits(counts, candidate, scaleBits);
            if (bits < bestBits)
            {
                bestBits = bits;
                best = new RansTableHeader(scaleBits, symbolCount, bestIndex);
                candidate.CopyTo(frequencies);
            }
        }

        return best;
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

    /// <summary>Symbol bits under ideal rANS (extra bits excluded, being the same for every table).</summary>
    private static double CodedBits(ReadOnlySpan<int> counts, ReadOnlySpan<int> frequencies, int scaleBits)
    {
        var bits = 0.0;
        for (var s = 0; s < counts.Length; s++)
        {
            if (counts[s] > 0)
                bits += counts[s] * (scaleBits - Math.Log2(frequencies[s]));
        }

        return bits;
    }

    private static int ListedBits(ReadOnlySpan<int> frequencies, int symbolCount)
    {
        var bits = HeaderBits;
        for (var s = 0; s < symbolCount; s++)
            bits += GammaLength((ulong)frequencies[s] + 1);
        return bits;
    }

    /// <summary>
    /// Sigma of a rounded Gaussian with the counted mean |residual|, each symbol taken at the
    /// middle of its range: only a starting point for the search over prior scales.
    /// </summary>
    private static double EstimateSigma(ReadOnlySpan<int> counts, int sampleCount)
    {
        var sum = 0.0;
        for (var s = 0; s < counts.Length; s++)
        {
            if (counts[s] == 0)
                continue;
            var (low, high) = ResidualSymbols.Range(s);
            sum += counts[s] * (((double)low + high + 1) / 4);
        }

        return sum / sampleCount * 1.2533141373155003; // E|x| = sigma * sqrt(2 / pi)
    }

    public static void Write(ref BitWriter writer, RansTableHeader header, scoped ReadOnlySpan<int> frequencies)
    {
        writer.Write((ulong)(header.ScaleBits - MinScaleBits), 4);
        writer.Write(header.PriorScale >= 0 ? 1UL : 0UL, 1);
        writer.Write((ulong)(header.SymbolCount - 1), 8);
        if (header.PriorScale >= 0)
        {
            writer.Write((ulong)header.PriorScale, 8);
            return;
        }

        for (var s = 0; s < header.SymbolCount; s++)
            WriteGamma(ref writer, (ulong)frequencies[s] + 1);
    }

    /// <summary>Reads a table and validates that it sums to 2^scaleBits; returns the scale.</summary>
    public static int Read(ref BitReader reader, scoped Span<int> frequencies)
    {
        var scaleBits = (int)reader.Read(4) + MinScaleBits;
        if (scaleBits > MaxScaleBits)
            Corrupt.Throw("rANS scale out of range");
        var prior = reader.ReadBit();
        var symbolCount = (int)reader.Read(8) + 1;
        if (prior)
        {
            if (!RansPrior.TryFill((int)reader.Read(8), symbolCount, scaleBits, frequencies))
                Corrupt.Throw("rANS prior table does not fit its scale");
            return scaleBits;
        }

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
        var zeros = reader.ReadZeroRun(maxBits);
        // The bits below the top one were written top first into an LSB-first stream: one read
        // takes them all, lowest bit the first written.
        var written = reader.Read(zeros);
        var value = 1UL;
        for (var i = 0; i < zeros; i++, written >>= 1)
            value = (value << 1) | (written & 1);
        return value;
    }
}

/// <summary>
/// What <see cref="RansTable.Write"/> stores besides listed frequencies: the scale, how many
/// symbols may occur, and the <see cref="RansPrior"/> scale index (-1 when frequencies are listed).
/// </summary>
internal readonly record struct RansTableHeader(int ScaleBits, int SymbolCount, int PriorScale);
