using System.Numerics;
using Engine.Storage.Encoding;
using Engine.Storage.IO;

namespace Engine.Storage.Rollups;

/// <summary>
/// The bytes of one non-empty <see cref="BucketStore"/> inside a sketch, in whichever of two forms is
/// smaller (the entries form on a tie):
/// <code>
/// zigzag varint lowest key
/// varint (span − 1) &lt;&lt; 1 | form        span = highest key − lowest key + 1
/// form 0, entries: varints from the lowest key up; e even → one bucket of count e/2 + 1,
///                  e odd → (e − 1)/2 + 1 empty buckets; never two runs in a row, never a run first or last
/// form 1, packed:  u8 width w (1..63) | ceil(span·w / 8) bytes: every count of the span in w bits, LSB first
/// </code>
/// Entries suit sparse windows and large counts (a day); packed suits dense windows of small counts
/// (an hour of latencies: about 4 bits a bucket against a byte a bucket).
/// </summary>
internal static class BucketStoreFormat
{
    private const int Packed = 1;

    /// <summary>A bound on the bytes <see cref="Write"/> needs for a store of this many buckets.</summary>
    public static int MaxLength(int span) => (2 * Varint.MaxBytes) + (Varint.MaxBytes * span);

    public static int Write(Span<byte> destination, BucketStore store)
    {
        var window = store.Window;
        var length = Varint.Write(destination, Varint.ZigZag(store.MinKey));
        var header = length;
        // The form bit never changes the varint's length, so the body can be written before the form is chosen.
        length += Varint.Write(destination[header..], (ulong)(window.Length - 1) << 1);
        var entriesLength = WriteEntries(destination[length..], window);
        var width = 64 - BitOperations.LeadingZeroCount((ulong)Max(window));
        var packedLength = 1 + (((window.Length * width) + 7) / 8);
        if (packedLength >= entriesLength)
        {
            return length + entriesLength;
        }

        Varint.Write(destination[header..], ((ulong)(window.Length - 1) << 1) | Packed);
        destination[length] = (byte)width;
        var bits = new BitWriter(destination[(length + 1)..]);
        foreach (var count in window)
        {
            bits.Write((ulong)count, width);
        }

        return length + 1 + bits.Finish();
    }

    /// <summary>Decodes a store whose keys must lie within lowestKey..highestKey; allocates at most <paramref name="limit"/> counts.</summary>
    public static BucketStore Read(ref SpanReader reader, int limit, bool collapsed, int lowestKey, int highestKey)
    {
        var minKey = Varint.UnZigZag(reader.ReadVarint());
        var header = reader.ReadVarint();
        if (header >> 1 >= (ulong)limit)
        {
            throw reader.Corrupt($"a store of {(header >> 1) + 1} buckets exceeds its limit {limit}");
        }

        var span = (int)(header >> 1) + 1;

        if (minKey < lowestKey || minKey > highestKey - (span - 1))
        {
            throw reader.Corrupt($"bucket keys from {minKey} over {span} buckets leave {lowestKey}..{highestKey}");
        }

        if (collapsed && span != limit)
        {
            throw reader.Corrupt($"a collapsed store spans {span} buckets, not its limit {limit}");
        }

        var counts = BucketStore.RentCounts(span);
        try
        {
            if ((header & Packed) == 0)
            {
                ReadEntries(ref reader, counts.AsSpan(0, span));
            }
            else
            {
                ReadPacked(ref reader, counts.AsSpan(0, span));
            }
        }
        catch
        {
            BucketStore.ReturnCounts(counts, 0..span);
            throw;
        }

        return new BucketStore(limit, (int)minKey, counts, span, collapsed);
    }

    private static int WriteEntries(Span<byte> destination, ReadOnlySpan<long> window)
    {
        var length = 0;
        for (var i = 0; i < window.Length;)
        {
            if (window[i] != 0)
            {
                length += Varint.Write(destination[length..], (ulong)(window[i] - 1) << 1);
                i++;
                continue;
            }

            var run = 1;
            while (window[i + run] == 0)
            {
                run++;
            }

            length += Varint.Write(destination[length..], ((ulong)(run - 1) << 1) | 1);
            i += run;
        }

        return length;
    }

    private static void ReadEntries(ref SpanReader reader, Span<long> counts)
    {
        long total = 0;
        var afterRun = true;
        for (var i = 0; i < counts.Length;)
        {
            var entry = reader.ReadVarint();
            var amount = (entry >> 1) + 1;
            if ((entry & 1) == 0)
            {
                total = AddCount(ref reader, total, amount);
                counts[i++] = (long)amount;
                afterRun = false;
                continue;
            }

            // A run must follow a count and leave room for the closing count.
            if (afterRun || amount >= (ulong)(counts.Length - i))
            {
                throw reader.Corrupt($"a run of {amount} empty buckets at bucket {i} of {counts.Length}");
            }

            i += (int)amount;
            afterRun = true;
        }
    }

    private static void ReadPacked(ref SpanReader reader, Span<long> counts)
    {
        int width = reader.ReadByte();
        if (width is < 1 or > 63)
        {
            throw reader.Corrupt($"bucket count width {width} is not 1..63");
        }

        var bits = new BitReader(reader.ReadBytes((int)(((counts.Length * (long)width) + 7) / 8)));
        long total = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = (long)bits.Read(width);
            total = AddCount(ref reader, total, (ulong)counts[i]);
        }

        if (counts[0] == 0 || counts[^1] == 0)
        {
            throw reader.Corrupt("a packed store must begin and end with a non-empty bucket");
        }
    }

    private static long AddCount(ref SpanReader reader, long total, ulong count) =>
        count <= (ulong)(long.MaxValue - total) ? total + (long)count : throw reader.Corrupt("bucket counts add up past 2^63");

    private static long Max(ReadOnlySpan<long> window)
    {
        long max = 0;
        foreach (var count in window)
        {
            max = Math.Max(max, count);
        }

        return max;
    }
}
