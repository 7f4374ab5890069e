namespace Engine.Query.Aggregation;

/// <summary>
/// The values of one bucket kept for order statistics (median, percentiles). A rank is found by
/// selection rather than a full sort: each lookup puts one value in its sorted place, with nothing
/// greater before it and nothing smaller after it, and the next lookup of the same values only
/// searches on its side of that place, so p50, p95 and p99 of one field share the work.
/// </summary>
internal sealed class SortedValues
{
    private double[] _values = [];

    /// <summary>The index last put in its sorted place since the last change, or -1.</summary>
    private int _placed = -1;

    /// <summary>How many NaNs lead the values (they sort first), or -1 when not yet moved there since the last change.</summary>
    private int _nans = -1;

    public int Count { get; private set; }

    /// <summary>The values, in no particular order.</summary>
    public ReadOnlySpan<double> All => _values.AsSpan(0, Count);

    /// <summary>Makes room for <paramref name="more"/> values, so a block's run of samples costs one allocation at most.</summary>
    public void Reserve(int more)
    {
        if (Count + more > _values.Length)
        {
            Array.Resize(ref _values, Math.Max(_values.Length * 2, Count + more));
        }
    }

    public void Add(double value)
    {
        Reserve(1);
        _values[Count++] = value;
        Changed();
    }

    public void AddRange(ReadOnlySpan<double> values)
    {
        Reserve(values.Length);
        values.CopyTo(_values.AsSpan(Count));
        Count += values.Length;
        Changed();
    }

    public void AddRange(SortedValues other) => AddRange(other.All);

    /// <summary>Nearest rank, as InfluxQL: the value at 1-based rank ⌊n·p/100 + 0.5⌋; none below rank 1.</summary>
    public double? Percentile(double percent)
    {
        var rank = (long)Math.Floor((Count * percent / 100.0) + 0.5);
        if (rank < 1 || rank > Count)
        {
            return null;
        }

        return AtSortedIndex((int)rank - 1);
    }

    /// <summary>The middle value, or the mean of the two middle values of an even count.</summary>
    public double? Median()
    {
        if (Count == 0)
        {
            return null;
        }

        var middle = Count / 2;
        var upper = AtSortedIndex(middle);
        if (Count % 2 == 1)
        {
            return upper;
        }

        var lower = AtSortedIndex(middle - 1);
        return lower + ((upper - lower) / 2);
    }

    private void Changed()
    {
        _nans = -1;
        _placed = -1;
    }

    /// <summary>The value a full ascending sort (NaN first) would put at <paramref name="index"/>.</summary>
    private double AtSortedIndex(int index)
    {
        var values = _values.AsSpan(0, Count);
        if (_nans < 0)
        {
            _nans = MoveNaNsToFront(values);
        }

        if (index < _nans)
        {
            return double.NaN;
        }

        if (_placed != index)
        {
            var (low, high) = _placed < 0 ? (_nans, Count) : _placed < index ? (_placed + 1, Count) : (_nans, _placed);
            Selection.Place(values[low..high], index - low);
            _placed = index;
        }

        return values[index];
    }

    /// <summary>Moves every NaN to the front, as a sort puts them; returns how many there are.</summary>
    private static int MoveNaNsToFront(Span<double> values)
    {
        var nans = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                (values[i], values[nans]) = (values[nans], values[i]);
                nans++;
            }
        }

        return nans;
    }
}
