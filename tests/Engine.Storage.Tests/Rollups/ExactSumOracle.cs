using System.Numerics;

namespace Engine.Storage.Tests.Rollups;

/// <summary>
/// The exact sum of doubles rounded once to nearest-even, by big-integer arithmetic: the oracle
/// for <see cref="Storage.Rollups.ExactSum"/>. Exact for values whose ulp is at least 2^-<see cref="FractionBits"/>.
/// </summary>
internal static class ExactSumOracle
{
    private const int FractionBits = 1100;

    public static double Sum(IEnumerable<double> values)
    {
        var total = BigInteger.Zero;
        foreach (var value in values)
        {
            var bits = BitConverter.DoubleToInt64Bits(value);
            var exponent = (int)((bits >> 52) & 0x7FF);
            var mantissa = bits & 0xF_FFFF_FFFF_FFFFL;
            mantissa = exponent == 0 ? mantissa : mantissa | (1L << 52);
            var scale = (exponent == 0 ? 1 : exponent) - 1075 + FractionBits;
            var magnitude = (BigInteger)mantissa << scale;
            total += value < 0 || (value == 0 && double.IsNegative(value)) ? -magnitude : magnitude;
        }

        return Round(total);
    }

    private static double Round(BigInteger total)
    {
        var negative = total.Sign < 0;
        var magnitude = BigInteger.Abs(total);
        var length = (int)magnitude.GetBitLength();
        if (length <= 53)
        {
            var exact = Math.ScaleB((double)(long)magnitude, -FractionBits);
            return negative ? -exact : exact;
        }

        var shift = length - 53;
        var quotient = magnitude >> shift;
        var remainder = magnitude - (quotient << shift);
        var half = BigInteger.One << (shift - 1);
        if (remainder > half || (remainder == half && !quotient.IsEven))
        {
            quotient += 1;
        }

        var rounded = Math.ScaleB((double)(long)quotient, shift - FractionBits);
        return negative ? -rounded : rounded;
    }
}
