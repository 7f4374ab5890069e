using Engine.Storage.Model;

namespace Engine.Storage.Rollups;

/// <summary>
/// A mergeable summary of the samples of one field over some time: count, sum, min, max, first,
/// last and the sums behind mean and standard deviation, gathered in one pass. Raw queries build
/// them per bucket; rollups store them per hour and per day, so both answer from the same
/// arithmetic. Mean and variance use sums shifted by the first value seen, which keeps the squares
/// small without Welford's per-sample division.
/// </summary>
/// <remarks>
/// With <c>exactSum</c>, <see cref="Sum"/> is the correctly rounded exact sum (<see cref="ExactSum"/>),
/// the same whatever the order of additions and merges; rollups always keep it so. Without, it is a
/// plain running sum, which is cheaper when no sum is asked for.
/// </remarks>
public sealed class SampleSummary(bool exactSum)
{
    private double _plainSum;

    public long Count { get; private set; }

    /// <summary>The sum of a numeric field's values.</summary>
    public double Sum => Exact?.Value ?? _plainSum;

    /// <summary>The exact sum's state, when kept.</summary>
    public ExactSum? Exact { get; } = exactSum ? new ExactSum() : null;

    /// <summary>The exact (wrapping) sum of an integer field.</summary>
    public long IntegerSum { get; private set; }

    public double Min { get; private set; } = double.PositiveInfinity;

    public double Max { get; private set; } = double.NegativeInfinity;

    /// <summary>Earliest sample; a tie in time goes to the larger value so the result never depends on read order.</summary>
    public TimedValue First { get; private set; } = TimedValue.None;

    /// <summary>Latest sample; a tie in time goes to the larger value.</summary>
    public TimedValue Last { get; private set; } = TimedValue.None;

    /// <summary>The value the shifted sums are taken around (the first value seen).</summary>
    public double Shift { get; private set; }

    /// <summary>Σ (x − <see cref="Shift"/>).</summary>
    public double ShiftedSum { get; private set; }

    /// <summary>Σ (x − <see cref="Shift"/>)².</summary>
    public double ShiftedSquares { get; private set; }

    public double Mean => Count == 0 ? double.NaN : Shift + (ShiftedSum / Count);

    /// <summary>The sample standard deviation (n − 1), as InfluxQL; NaN below two samples.</summary>
    public double SampleStddev =>
        Count < 2 ? double.NaN : Math.Sqrt(Math.Max(0, (ShiftedSquares - (ShiftedSum * ShiftedSum / Count)) / (Count - 1)));

    /// <summary>Adds a run of samples of a numeric field, known to be in time order.</summary>
    public void AddNumeric(FieldType type, ReadOnlySpan<long> timestamps, ReadOnlySpan<ulong> bits)
    {
        if (bits.IsEmpty)
        {
            return;
        }

        if (Count == 0)
        {
            Shift = NumericBits.ToDouble(type, bits[0]);
        }

        double sum = 0, shiftedSum = 0, shiftedSquares = 0, min = Min, max = Max, shift = Shift;
        long integerSum = 0;
        var exact = Exact;
        foreach (var raw in bits)
        {
            var value = NumericBits.ToDouble(type, raw);
            if (exact is null)
            {
                sum += value;
            }
            else
            {
                exact.Add(value);
            }

            integerSum = unchecked(integerSum + (long)raw);
            var shifted = value - shift;
            shiftedSum += shifted;
            shiftedSquares += shifted * shifted;
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        Count += bits.Length;
        _plainSum += sum;
        IntegerSum = unchecked(IntegerSum + integerSum);
        ShiftedSum += shiftedSum;
        ShiftedSquares += shiftedSquares;
        Min = min;
        Max = max;
        Observe(new TimedValue(timestamps[0], bits[0], null), new TimedValue(timestamps[^1], bits[^1], null), type);
    }

    /// <summary>Adds samples of a boolean or string field: only count, first and last apply.</summary>
    public void AddOther(FieldType type, ReadOnlySpan<long> timestamps, ReadOnlySpan<ulong> bits, ReadOnlySpan<string?> strings)
    {
        if (timestamps.IsEmpty)
        {
            return;
        }

        Count += timestamps.Length;
        var isString = type == FieldType.String;
        Observe(
            new TimedValue(timestamps[0], bits[0], isString ? strings[0] : null),
            new TimedValue(timestamps[^1], bits[^1], isString ? strings[^1] : null),
            type);
    }

    /// <summary>Adds a run of samples in time order, whatever the field type.</summary>
    public void Add(FieldType type, ReadOnlySpan<long> timestamps, ReadOnlySpan<ulong> bits, ReadOnlySpan<string?> strings)
    {
        if (NumericBits.IsNumeric(type))
        {
            AddNumeric(type, timestamps, bits);
        }
        else
        {
            AddOther(type, timestamps, bits, type == FieldType.String ? strings : []);
        }
    }

    public void Merge(SampleSummary other, FieldType type)
    {
        if (other.Count == 0)
        {
            return;
        }

        if (Count == 0)
        {
            Shift = other.Shift;
        }

        // Re-express the other's shifted sums around this summary's shift.
        var delta = other.Shift - Shift;
        ShiftedSquares += other.ShiftedSquares + (2 * delta * other.ShiftedSum) + (other.Count * delta * delta);
        ShiftedSum += other.ShiftedSum + (other.Count * delta);
        Count += other.Count;
        if (Exact is not null && other.Exact is not null)
        {
            Exact.Merge(other.Exact);
        }
        else if (Exact is not null)
        {
            Exact.Add(other.Sum);
        }
        else
        {
            _plainSum += other.Sum;
        }

        IntegerSum = unchecked(IntegerSum + other.IntegerSum);
        Min = Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
        Observe(other.First, other.Last, type);
    }

    /// <summary>Restores a stored summary's figures (the exact sum is restored through <see cref="Exact"/>).</summary>
    internal void Restore(long count, long integerSum, double min, double max, TimedValue first, TimedValue last, double shift, double shiftedSum, double shiftedSquares)
    {
        Count = count;
        IntegerSum = integerSum;
        Min = min;
        Max = max;
        First = first;
        Last = last;
        Shift = shift;
        ShiftedSum = shiftedSum;
        ShiftedSquares = shiftedSquares;
    }

    /// <summary>Empties the summary, for a builder that reuses it (see <see cref="RollupRecordPool"/>).</summary>
    internal void Reset()
    {
        Restore(0, 0, double.PositiveInfinity, double.NegativeInfinity, TimedValue.None, TimedValue.None, 0, 0, 0);
        _plainSum = 0;
        Exact?.Restore([], 0);
    }

    private void Observe(TimedValue first, TimedValue last, FieldType type)
    {
        if (First.IsNone || first.Time < First.Time || (first.Time == First.Time && first.CompareValue(First, type) > 0))
        {
            First = first;
        }

        if (Last.IsNone || last.Time > Last.Time || (last.Time == Last.Time && last.CompareValue(Last, type) > 0))
        {
            Last = last;
        }
    }
}
