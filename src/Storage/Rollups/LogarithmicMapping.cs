using System.Runtime.CompilerServices;

namespace Engine.Storage.Rollups;

/// <summary>
/// Maps a positive magnitude to the index of its logarithmic bucket and back. Bucket i covers
/// (γ^(i−1), γ^i] with γ = (1+α)/(1−α); its representative value 2γ^i/(1+γ) is within a relative
/// α of every magnitude in the bucket, which is the whole accuracy argument of the sketch.
/// </summary>
/// <remarks>
/// The index is ⌈ln(x)·(1/ln γ)⌉ through <see cref="Math.Log(double)"/>. Rounding in that product
/// (and in the <see cref="Math.Exp"/> of the representative) is below 10⁻¹² relative over the whole
/// double range, so a magnitude on a bucket edge may land in the neighbouring bucket. The buckets
/// are therefore built for α·(1 − 10⁻⁶), which leaves room for that rounding below the promised α.
/// Stored sketches hold indices, not values, so merging never depends on how a platform rounds a
/// logarithm.
/// </remarks>
internal sealed class LogarithmicMapping
{
    /// <summary>Magnitudes below this are counted as zero: the only values without the relative guarantee.</summary>
    public const double ZeroThreshold = 1e-300;

    public const int DefaultRelativeAccuracyPpm = 10_000;

    private const double RoundingAllowance = 1e-6;

    private readonly double _multiplier;
    private readonly double _lnGamma;
    private readonly double _representativeOffset;

    private LogarithmicMapping(int relativeAccuracyPpm)
    {
        RelativeAccuracyPpm = relativeAccuracyPpm;
        var alpha = relativeAccuracyPpm / 1e6 * (1 - RoundingAllowance);
        var gamma = (1 + alpha) / (1 - alpha);
        _lnGamma = Math.Log(gamma);
        _multiplier = 1 / _lnGamma;
        _representativeOffset = Math.Log(2 / (1 + gamma));
        MinIndex = Index(ZeroThreshold);
        MaxIndex = Index(double.MaxValue);
    }

    public static LogarithmicMapping Default { get; } = new(DefaultRelativeAccuracyPpm);

    /// <summary>α in millionths: an integer, so that two sketches agree exactly on whether they can merge.</summary>
    public int RelativeAccuracyPpm { get; }

    /// <summary>The index of <see cref="ZeroThreshold"/>: no finite non-zero magnitude maps lower.</summary>
    public int MinIndex { get; }

    /// <summary>The index of <see cref="double.MaxValue"/>: no finite magnitude maps higher.</summary>
    public int MaxIndex { get; }

    public static bool IsValidAccuracy(long relativeAccuracyPpm) => relativeAccuracyPpm is >= 1 and < 1_000_000;

    public static LogarithmicMapping For(int relativeAccuracyPpm)
    {
        if (relativeAccuracyPpm == DefaultRelativeAccuracyPpm)
        {
            return Default;
        }

        if (!IsValidAccuracy(relativeAccuracyPpm))
        {
            throw new ArgumentOutOfRangeException(nameof(relativeAccuracyPpm), relativeAccuracyPpm, "relative accuracy must be 1..999,999 millionths");
        }

        return new LogarithmicMapping(relativeAccuracyPpm);
    }

    /// <summary>The bucket of a finite magnitude at or above <see cref="ZeroThreshold"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Index(double magnitude) => (int)Math.Ceiling(Math.Log(magnitude) * _multiplier);

    /// <summary>
    /// The representative magnitude of a bucket. The top bucket's may overflow to infinity; callers
    /// clamp estimates to the observed maximum, which is finite or itself infinite.
    /// </summary>
    public double Value(int index) => Math.Exp((index * _lnGamma) + _representativeOffset);
}
