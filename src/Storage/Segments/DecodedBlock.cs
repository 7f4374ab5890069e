using Engine.Storage.Model;

namespace Engine.Storage.Segments;

/// <summary>
/// Samples of one series in time order, as columns: what a read yields, one chunk (or one merge of
/// overlapping chunks) at a time. Values are raw bits (see <see cref="FieldValue.Bits"/>); strings
/// are in <see cref="Strings"/> for string series.
/// </summary>
public sealed class DecodedBlock
{
    public DecodedBlock(FieldType type, int count)
    {
        Type = type;
        Timestamps = new long[count];
        Values = new ulong[count];
        Strings = type == FieldType.String ? new string?[count] : [];
    }

    public DecodedBlock(FieldType type, long[] timestamps, ulong[] values, string?[] strings)
    {
        Type = type;
        Timestamps = timestamps;
        Values = values;
        Strings = strings;
    }

    public FieldType Type { get; }

    public long[] Timestamps { get; }

    public ulong[] Values { get; }

    public string?[] Strings { get; }

    public int Count => Timestamps.Length;

    public FieldValue ValueAt(int index) => FieldValue.FromBits(Type, Values[index], Type == FieldType.String ? Strings[index] : null);

    /// <summary>The samples with <paramref name="startNs"/> ≤ time &lt; <paramref name="endNs"/>.</summary>
    public DecodedBlock Slice(long startNs, long endNs)
    {
        var from = LowerBound(Timestamps, startNs);
        var to = LowerBound(Timestamps, endNs);
        if (from == 0 && to == Count)
        {
            return this;
        }

        return new DecodedBlock(Type, Timestamps[from..to], Values[from..to], Type == FieldType.String ? Strings[from..to] : []);
    }

    /// <summary>The index of the first of ascending <paramref name="timestamps"/> at or after <paramref name="time"/>.</summary>
    internal static int LowerBound(ReadOnlySpan<long> timestamps, long time)
    {
        int low = 0, high = timestamps.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (timestamps[mid] < time)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
