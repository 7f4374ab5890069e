using Engine.Storage.Model;

namespace Engine.Query.Aggregation;

/// <summary>
/// A mergeable summary of the samples of one field in one time bucket of one group: everything
/// the aggregate functions need, gathered in one pass. Mean and variance use sums shifted by the
/// first value seen, which keeps the squares small without Welford's per-sample division.
/// </summary>
internal sealed class BucketAccumulator(bool keepValues)
{
    private double _shift;
    private double _shiftedSum;
    private double _shiftedSquares;

    public long Count { get; private set; }

    public double Sum { get; private set; }

    /// <summary>The exact (wrapping) sum of an integer field.</summary>
    public long IntegerSum { get; private set; }

    public double Min { get; private set; } = double.PositiveInfinity;

    public double Max { get; private set; } = double.NegativeInfinity;

    /// <summary>Earliest sample; a tie in time goes to the larger value so the result never depends on read order.</summary>
    public TimedValue First { get; private set; } = TimedValue.None;

    /// <summary>Latest sample; a tie in time goes to the larger value.</summary>
    public TimedValue Last { get; private set; } = TimedValue.None;

    public SortedValues? Values { get; } = keepValues ? new SortedValues() : null;

    public double Mean => Count == 0 ? double.NaN : _shift + (_shiftedSum / Count);

    /// <summary>The sample standard deviation (n − 1), as InfluxQL; NaN below two samples.</summary>
    public double SampleStddev =>
        Count < 2 ? double.NaN : Math.Sqrt(Math.Max(0, (_shiftedSquares - (_shiftedSum * _shiftedSum / Count)) / (Count - 1)));

    /// <summary>Adds samples [from, to) of one block, known to be in time order.</summary>
    public void AddNumeric(FieldType type, ReadOnlySpan<long> timestamps, ReadOnlySpan<ulong> bits)
    {
        if (bits.IsEmpty)
        {
            return;
        }

        if (Count == 0)
        {
            _shift = NumericValue.ToDouble(type, bits[0]);
        }

        Values?.Reserve(bits.Length);
        double sum = 0, shiftedSum = 0, shiftedSquares = 0, min = Min, max = Max;
        long integerSum = 0;
        foreach (var raw in bits)
        {
            var value = NumericValue.ToDouble(type, raw);
            sum += value;
            integerSum = unchecked(integerSum + (long)raw);
            var shifted = value - _shift;
            shiftedSum += shifted;
            shiftedSquares += shifted * shifted;
            min = Math.Min(min, value);
            max = Math.Max(max, value);
            Values?.Add(value);
        }

        Count += bits.Length;
        Sum += sum;
        IntegerSum = unchecked(IntegerSum + integerSum);
        _shiftedSum += shiftedSum;
        _shiftedSquares += shiftedSquares;
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

    public void Merge(BucketAccumulator other, FieldType type)
    {
        if (other.Count == 0)
        {
            return;
        }

        if (Count == 0)
        {
            _shift = other._shift;
        }

        // Re-express the other's shifted sums around this accumulator's shift.
        var delta = other._shift - _shift;
        _shiftedSquares += other._shiftedSquares + (2 * delta * other._shiftedSum) + (other.Count * delta * delta);
        _shiftedSum += other._shiftedSum + (other.Count * delta);
        Count += other.Count;
        Sum += other.Sum;
        IntegerSum = unchecked(IntegerSum + other.IntegerSum);
        Min = Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
        if (other.Values is not null)
        {
            Values?.AddRange(other.Values);
        }

        Observe(other.First, other.Last, type);
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
