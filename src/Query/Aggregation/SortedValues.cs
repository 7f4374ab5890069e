namespace Engine.Query.Aggregation;

/// <summary>
/// The values of one bucket kept for order statistics (median, percentiles), sorted once on first
/// use so that several percentiles of one field share a sort.
/// </summary>
internal sealed class SortedValues
{
    private double[] _values = [];
    private bool _sorted = true;

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
        _sorted = false;
    }

    public void AddRange(ReadOnlySpan<double> values)
    {
        Reserve(values.Length);
        values.CopyTo(_values.AsSpan(Count));
        Count += values.Length;
        _sorted = false;
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

        return Sorted()[(int)rank - 1];
    }

    /// <summary>The middle value, or the mean of the two middle values of an even count.</summary>
    public double? Median()
    {
        if (Count == 0)
        {
            return null;
        }

        var sorted = Sorted();
        var middle = Count / 2;
        return Count % 2 == 1 ? sorted[middle] : sorted[middle - 1] + ((sorted[middle] - sorted[middle - 1]) / 2);
    }

    private ReadOnlySpan<double> Sorted()
    {
        var values = _values.AsSpan(0, Count);
        if (!_sorted)
        {
            values.Sort();
            _sorted = true;
        }

        return values;
    }
}
