namespace Engine.Storage.Rollups;

/// <summary>
/// The exact sum of doubles, rounded once at the end (Shewchuk's non-overlapping partials, as
/// Python's <c>math.fsum</c>). The result is the correctly rounded value of the true sum, so it is
/// the same whatever the order and grouping of additions and merges: a day's sum merged from 24
/// hourly sums equals the sum over the raw samples, bit for bit.
/// </summary>
/// <remarks>
/// ±∞ and NaN are summed apart (their sum does not depend on order either). A finite sum whose
/// partials overflow the double range reads as ±∞ or NaN; only there can the order matter.
/// </remarks>
public sealed class ExactSum
{
    // Non-overlapping, increasing in magnitude; usually one to three are in use.
    private double[] _partials = new double[4];
    private double _nonFinite;

    public int PartialCount { get; private set; }

    /// <summary>The partials whose exact sum this is (for storage).</summary>
    public ReadOnlySpan<double> Partials => _partials.AsSpan(0, PartialCount);

    /// <summary>The sum of the ±∞ and NaN values added (0 when there were none).</summary>
    public double NonFinite => _nonFinite;

    public void Add(double value)
    {
        if (!double.IsFinite(value))
        {
            _nonFinite += value;
            return;
        }

        var x = value;
        var kept = 0;
        var partials = _partials;
        for (var i = 0; i < PartialCount; i++)
        {
            var y = partials[i];
            if (Math.Abs(x) < Math.Abs(y))
            {
                (x, y) = (y, x);
            }

            var high = x + y;
            var low = y - (high - x);
            if (low != 0)
            {
                partials[kept++] = low;
            }

            x = high;
        }

        if (kept == partials.Length)
        {
            Array.Resize(ref _partials, partials.Length * 2);
        }

        _partials[kept] = x;
        PartialCount = kept + 1;
    }

    public void Add(ReadOnlySpan<double> values)
    {
        foreach (var value in values)
        {
            Add(value);
        }
    }

    public void Merge(ExactSum other)
    {
        Add(other.Partials);
        _nonFinite += other._nonFinite;
    }

    /// <summary>
    /// Restores a stored sum: its partials as they were (written from a sum, so non-overlapping and
    /// increasing in magnitude; the file's checksum vouches for them), and its non-finite part.
    /// Copying rather than adding them again keeps a stored record's bytes the same when written back.
    /// </summary>
    public void Restore(ReadOnlySpan<double> partials, double nonFinite)
    {
        if (partials.Length > _partials.Length)
        {
            _partials = new double[partials.Length];
        }

        partials.CopyTo(_partials);
        PartialCount = partials.Length;
        _nonFinite = nonFinite;
    }

    /// <summary>The true sum rounded to the nearest double (ties to even).</summary>
    public double Value => _nonFinite + RoundedPartials();

    private double RoundedPartials()
    {
        var n = PartialCount;
        if (n == 0)
        {
            return 0;
        }

        var partials = _partials;
        var high = partials[--n];
        double low = 0;
        while (n > 0)
        {
            var x = high;
            var y = partials[--n];
            high = x + y;
            low = y - (high - x);
            if (low != 0)
            {
                break;
            }
        }

        // Round half to even across the partials below: if the next partial has the sign of the
        // rounding error, the true sum lies past the halfway point.
        if (n > 0 && ((low < 0 && partials[n - 1] < 0) || (low > 0 && partials[n - 1] > 0)))
        {
            var y = low * 2;
            var x = high + y;
            if (y == x - high)
            {
                high = x;
            }
        }

        return high;
    }
}
