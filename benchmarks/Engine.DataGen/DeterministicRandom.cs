namespace Engine.DataGen;

/// <summary>
/// xoshiro256** seeded through SplitMix64: our own generator, so that a seed yields the same
/// dataset on every .NET version and platform (System.Random's algorithm is not a contract).
/// Everything derived from it uses only exactly-rounded IEEE operations for the same reason.
/// </summary>
public sealed class DeterministicRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public DeterministicRandom(ulong seed, ulong stream = 0)
    {
        var x = seed ^ (stream * 0xD1B54A32D192ED03UL);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, bound).</summary>
    public int NextInt(int bound) => (int)((NextUInt64() >> 32) * (ulong)bound >> 32);

    /// <summary>
    /// Approximately N(0, 1): the sum of twelve uniforms minus six (Irwin-Hall), which needs no
    /// logarithm or cosine whose last bit could differ between platforms. Tails stop at ±6σ.
    /// </summary>
    public double NextGaussian()
    {
        var sum = 0.0;
        for (var i = 0; i < 12; i++)
            sum += NextDouble();
        return sum - 6.0;
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
