using System.Diagnostics;

namespace Engine.Storage.Encoding;

/// <summary>
/// A parametric frequency table for <see cref="RansTable"/>: residuals distributed as a zero-mean
/// Gaussian rounded to integers, with scale sigma = 2^(index / 16 - 2) for an 8-bit index
/// (0.25 .. about 15,700, steps of 1/16 octave). A one-byte index replaces a table of tens of
/// bytes, which pays for residuals that are sums of many small random steps (random-walk gauges).
///
/// Encoder and decoder must derive the very same frequencies, on every platform and runtime, so
/// everything here uses only correctly rounded IEEE-754 operations (+, -, *, /, conversions):
/// no Math.Exp or Math.Pow, whose last bit is not a contract.
/// </summary>
internal static class RansPrior
{
    public const int ScaleIndexCount = 256;

    // Half the standard normal CDF, H(x) = Phi(x) - 1/2, tabulated at x = i / GridPerUnit.
    private const int GridPerUnit = 64;
    private const int GridUnits = 8;
    private const int GridPoints = (GridPerUnit * GridUnits) + 1;

    // 2^(j/16), j = 0..15, as literals.
    private static readonly double[] SixteenthOctaves =
    [
        1.0, 1.0442737824274138, 1.0905077326652577, 1.1387886347566916,
        1.189207115002721, 1.241857812073484, 1.2968395546510096, 1.3542555469368927,
        1.4142135623730951, 1.4768261459394993, 1.5422108254079407, 1.6104903319492543,
        1.681792830507429, 1.7562521603732995, 1.8340080864093424, 1.9152065613971474,
    ];

    private static readonly double[] HalfCdf = BuildHalfCdf();

    /// <summary>The scale sigma of an index, in residual units.</summary>
    public static double Sigma(int scaleIndex)
    {
        Debug.Assert(scaleIndex is >= 0 and < ScaleIndexCount);
        return SixteenthOctaves[scaleIndex & 15] * (double)(1L << (scaleIndex >> 4)) * 0.25;
    }

    /// <summary>The index whose sigma is nearest (in octaves) to <paramref name="sigma"/>.</summary>
    public static int NearestIndex(double sigma)
    {
        if (!(sigma > 0.25))
            return 0;
        var index = (int)Math.Round(16 * (Math.Log2(sigma) + 2));
        return Math.Clamp(index, 0, ScaleIndexCount - 1);
    }

    /// <summary>
    /// Fills frequencies for symbols 0 .. symbolCount-1 (every one at least 1, the rest 0) summing
    /// to 2^scaleBits. False when the scale is too small to give every symbol its minimum.
    /// </summary>
    public static bool TryFill(int scaleIndex, int symbolCount, int scaleBits, Span<int> frequencies)
    {
        var total = 1 << scaleBits;
        frequencies.Clear();
        if (symbolCount > total)
            return false;
        var sigma = Sigma(scaleIndex);
        var sum = 0;
        var largest = 0;
        for (var s = 0; s < symbolCount; s++)
        {
            var (low, high) = ResidualSymbols.Range(s);
            // Zigzag values low..high hold deltas +k (u = 2k) and -k (u = 2k - 1); the Gaussian
            // is symmetric, so both signs are measured on the positive side.
            var mass = Interval((low >> 1) + (low & 1), high >> 1, sigma) + Interval((low >> 1) + 1, (high >> 1) + (high & 1), sigma);
            var f = Math.Max(1, (int)((mass * total) + 0.5));
            frequencies[s] = f;
            sum += f;
            if (f > frequencies[largest])
                largest = s;
        }

        // Rounding leaves the sum a little off; the largest frequency absorbs the difference.
        var settled = frequencies[largest] + (total - sum);
        if (settled < 1)
            return false;
        frequencies[largest] = settled;
        return true;
    }

    /// <summary>Probability that a rounded Gaussian residual lies in [a, b] (0 ≤ a), 0 when empty.</summary>
    private static double Interval(ulong a, ulong b, double sigma)
    {
        if (a > b)
            return 0;
        var upper = H((b + 0.5) / sigma);
        var lower = a == 0 ? -H(0.5 / sigma) : H((a - 0.5) / sigma);
        return upper - lower;
    }

    private static double H(double x)
    {
        var grid = x * GridPerUnit;
        if (!(grid < GridPoints - 1))
            return 0.5;
        var i = (int)grid;
        var fraction = grid - i;
        return HalfCdf[i] + ((HalfCdf[i + 1] - HalfCdf[i]) * fraction);
    }

    private static double[] BuildHalfCdf()
    {
        // Simpson's rule on the density at half-grid steps, accumulated from 0.
        const double InverseSqrtTwoPi = 0.3989422804014327;
        const double Step = 1.0 / GridPerUnit;
        var table = new double[GridPoints];
        var previous = InverseSqrtTwoPi;
        for (var i = 1; i < GridPoints; i++)
        {
            var middle = Density((i - 0.5) * Step) * InverseSqrtTwoPi;
            var current = Density(i * Step) * InverseSqrtTwoPi;
            table[i] = table[i - 1] + (Step / 6 * (previous + (4 * middle) + current));
            previous = current;
        }

        return table;
    }

    // exp(-x²/2) as (exp(-t/64))^64: a Taylor series on the small argument, then six squarings.
    private static double Density(double x)
    {
        var y = x * x / 128;
        var term = 1.0;
        var sum = 1.0;
        for (var k = 1; k <= 14; k++)
        {
            term = term * -y / k;
            sum += term;
        }

        for (var k = 0; k < 6; k++)
            sum *= sum;
        return sum;
    }
}
