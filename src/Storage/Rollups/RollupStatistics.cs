namespace Engine.Storage.Rollups;

/// <summary>
/// The plain aggregates a rollup keeps next to its <see cref="QuantileSketch"/>. Count, min, max,
/// first and last merge exactly in any order; sum and sum of squares are doubles, so a different
/// grouping may round them differently in the last bits. The default value is the empty rollup.
/// </summary>
public record struct RollupStatistics
{
    public long Count { get; private set; }

    public double Sum { get; private set; }

    public double SumOfSquares { get; private set; }

    public double Min { get; private set; }

    public double Max { get; private set; }

    public long FirstTime { get; private set; }

    public double FirstValue { get; private set; }

    public long LastTime { get; private set; }

    public double LastValue { get; private set; }

    public void Add(long time, double value)
    {
        Merge(new RollupStatistics
        {
            Count = 1,
            Sum = value,
            SumOfSquares = value * value,
            Min = value,
            Max = value,
            FirstTime = time,
            FirstValue = value,
            LastTime = time,
            LastValue = value,
        });
    }

    public void Merge(in RollupStatistics other)
    {
        if (other.Count == 0)
        {
            return;
        }

        if (Count == 0)
        {
            this = other;
            return;
        }

        Count += other.Count;
        Sum += other.Sum;
        SumOfSquares += other.SumOfSquares;
        Min = Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
        // Ties in time go to the larger value, as the query engine's first() and last() break them.
        if (other.FirstTime < FirstTime || (other.FirstTime == FirstTime && other.FirstValue.CompareTo(FirstValue) > 0))
        {
            FirstTime = other.FirstTime;
            FirstValue = other.FirstValue;
        }

        if (other.LastTime > LastTime || (other.LastTime == LastTime && other.LastValue.CompareTo(LastValue) > 0))
        {
            LastTime = other.LastTime;
            LastValue = other.LastValue;
        }
    }
}
