namespace Engine.Storage.Head;

/// <summary>
/// Puts samples held in arrival order into time order in place; of several samples with one
/// timestamp the last to arrive wins (InfluxDB semantics). Returns the new count.
/// </summary>
internal static class SampleSorter
{
    public static int SortAndDeduplicate(long[] timestamps, ulong[] values, string?[]? strings, int count)
    {
        if (IsStrictlyIncreasing(timestamps.AsSpan(0, count)))
        {
            return count;
        }

        var order = new (long Timestamp, int Arrival)[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = (timestamps[i], i);
        }

        Array.Sort(order);
        var sourceValues = values[..count];
        var sourceStrings = strings?[..count];
        var kept = 0;
        for (var i = 0; i < count; i++)
        {
            if (i + 1 < count && order[i + 1].Timestamp == order[i].Timestamp)
            {
                continue; // a later arrival of the same timestamp follows and wins
            }

            var source = order[i].Arrival;
            timestamps[kept] = order[i].Timestamp;
            values[kept] = sourceValues[source];
            if (strings is not null)
            {
                strings[kept] = sourceStrings![source];
            }

            kept++;
        }

        return kept;
    }

    private static bool IsStrictlyIncreasing(ReadOnlySpan<long> timestamps)
    {
        for (var i = 1; i < timestamps.Length; i++)
        {
            if (timestamps[i] <= timestamps[i - 1])
            {
                return false;
            }
        }

        return true;
    }
}
