namespace Engine.DataGen;

/// <summary>
/// e^x from additions, multiplications and exact scaling only, so that generated data does not
/// depend on the platform's libm (whose Math.Exp may differ in the last bit).
/// </summary>
public static class DeterministicMath
{
    private const double Ln2 = 0.6931471805599453;

    public static double Exp(double x)
    {
        // e^x = 2^k * e^r with |r| <= ln2/2; e^r by a Taylor series accurate to ~1e-16 there.
        var k = Math.Round(x / Ln2);
        var r = x - (k * Ln2);
        var term = 1.0;
        var sum = 1.0;
        for (var n = 1; n <= 18; n++)
        {
            term = term * r / n;
            sum += term;
        }

        return Math.ScaleB(sum, (int)k);
    }
}
