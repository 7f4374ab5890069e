using System.Numerics;

namespace Engine.Query.Aggregation;

/// <summary>
/// Quickselect (introselect): puts the k-th smallest of some values in its sorted place in
/// expected linear time, where a sort costs n log n; a few ranks of a bucket are all that
/// percentiles need.
/// </summary>
internal static class Selection
{
    // Ranges this short are sorted outright: cheaper than partitioning them further.
    private const int SortBelow = 16;

    /// <summary>
    /// Reorders <paramref name="values"/> (no NaN) so that values[k] is what a sort would put
    /// there, nothing before it is greater and nothing after it is smaller.
    /// </summary>
    public static void Place(Span<double> values, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, values.Length);
        // Bad pivots past this many rounds fall back to a sort, which bounds the worst case.
        var rounds = 2 * BitOperations.Log2((uint)values.Length);
        int low = 0, high = values.Length - 1;
        while (high - low >= SortBelow)
        {
            if (rounds-- == 0)
            {
                break;
            }

            var (left, right) = Partition(values, low, high);
            if (k <= left)
            {
                high = left;
            }
            else if (k >= right)
            {
                low = right;
            }
            else
            {
                return; // values[k] equals the pivot, as does everything between left and right
            }
        }

        values[low..(high + 1)].Sort();
    }

    /// <summary>
    /// Hoare partition of values[low..high] around the median of its first, middle and last values;
    /// returns (left, right), left &lt; right: values[low..left] ≤ pivot, values[right..high] ≥ pivot,
    /// and every value between them equals the pivot.
    /// </summary>
    private static (int Left, int Right) Partition(Span<double> values, int low, int high)
    {
        var middle = low + ((high - low) >> 1);
        SortPair(values, low, middle);
        SortPair(values, middle, high);
        SortPair(values, low, middle);
        var pivot = values[middle];
        // values[low] ≤ pivot ≤ values[high] stop both scans before they leave the range.
        int i = low, j = high;
        while (i <= j)
        {
            while (values[i] < pivot)
            {
                i++;
            }

            while (pivot < values[j])
            {
                j--;
            }

            if (i <= j)
            {
                (values[i], values[j]) = (values[j], values[i]);
                i++;
                j--;
            }
        }

        return (j, i);
    }

    private static void SortPair(Span<double> values, int a, int b)
    {
        if (values[b] < values[a])
        {
            (values[a], values[b]) = (values[b], values[a]);
        }
    }
}
