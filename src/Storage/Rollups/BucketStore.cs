using System.Buffers;
using System.Runtime.CompilerServices;

namespace Engine.Storage.Rollups;

/// <summary>
/// Counts per bucket key over a window of at most <see cref="Limit"/> consecutive keys. A key below
/// the window (maximum key − Limit + 1) is counted in the window's lowest bucket: the store
/// "collapses its lowest buckets". The window only ever moves up, so a count's final bucket is
/// max(key, final maximum − Limit + 1) whatever the order of adds and merges — which is why merged
/// stores are identical however they were grouped.
/// </summary>
/// <remarks>
/// The counts live in arrays from a pool of the stores' own: a query decodes and merges thousands
/// of sketches, and fresh arrays for each made it spend more time in the GC than in the sketches.
/// <see cref="Release"/> gives the array back when the store is no longer needed (a store never
/// released leaves its array to the GC). Arrays go back zeroed (only the window can hold counts),
/// so that a rented array needs no clearing: the pool is private so that nothing else returns
/// arrays to it.
/// </remarks>
internal sealed class BucketStore
{
    private const int InitialCapacity = 32;

    private static readonly ArrayPool<long> Pool = ArrayPool<long>.Create(QuantileSketch.MaxBucketLimit, maxArraysPerBucket: 256);

    // Slots outside [MinKey, MaxKey] are always zero; _counts[0] holds key _baseKey.
    private long[] _counts = [];
    private int _baseKey;

    public BucketStore(int limit)
    {
        Limit = limit;
    }

    /// <summary>
    /// Takes a decoded window of <paramref name="span"/> counts, the first and last non-zero, at the
    /// start of an array from <see cref="RentCounts"/>.
    /// </summary>
    public BucketStore(int limit, int minKey, long[] counts, int span, bool collapsed)
        : this(limit)
    {
        _counts = counts;
        _baseKey = minKey;
        MinKey = minKey;
        MaxKey = minKey + span - 1;
        IsCollapsed = collapsed;
        Total = Sum(counts.AsSpan(0, span));
    }

    public int Limit { get; }

    public long Total { get; private set; }

    public bool IsEmpty => Total == 0;

    /// <summary>Some count was moved up into the lowest bucket: the lowest bucket's value is no longer within α of it.</summary>
    public bool IsCollapsed { get; private set; }

    public int MinKey { get; private set; } = int.MaxValue;

    public int MaxKey { get; private set; } = int.MinValue;

    /// <summary>The counts of keys MinKey..MaxKey; empty when the store is.</summary>
    public ReadOnlySpan<long> Window => IsEmpty ? [] : _counts.AsSpan(UsedRange);

    /// <summary>Where the window lies in the array; empty when the store is.</summary>
    private Range UsedRange => IsEmpty ? default : (MinKey - _baseKey)..(MaxKey - _baseKey + 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int key, long count)
    {
        if (key >= MinKey && key <= MaxKey)
        {
            _counts[key - _baseKey] += count;
            Total += count;
        }
        else
        {
            AddOutsideWindow(key, count);
        }
    }

    public void Merge(BucketStore other)
    {
        var window = other.Window;
        if (window.IsEmpty)
        {
            return;
        }

        // Highest key first: the window moves to its final place once; below it, the other's
        // buckets either land inside the window or fold into its lowest bucket.
        Add(other.MaxKey, window[^1]);
        var lowestKept = MaxKey - Limit + 1;
        var rest = window[..^1];
        var split = Math.Clamp(lowestKept - other.MinKey, 0, rest.Length);
        var inside = rest[split..];
        if (!inside.IsEmpty)
        {
            var first = other.MinKey + split;
            if (first < MinKey)
            {
                Cover(first, MaxKey);
                MinKey = first;
            }

            var target = _counts.AsSpan(first - _baseKey, inside.Length);
            for (var i = 0; i < inside.Length; i++)
            {
                target[i] += inside[i];
                Total += inside[i];
            }
        }

        var folded = Sum(rest[..split]);
        if (folded > 0)
        {
            Add(lowestKept, folded);
            IsCollapsed = true;
        }

        IsCollapsed |= other.IsCollapsed;
    }

    /// <summary>A zeroed array of at least <paramref name="length"/> counts from the pool.</summary>
    public static long[] RentCounts(int length) => Pool.Rent(length);

    /// <summary>Returns an array whose non-zero counts all lie in <paramref name="used"/>, clearing them first.</summary>
    public static void ReturnCounts(long[] counts, Range used)
    {
        if (counts.Length > 0)
        {
            counts.AsSpan(used).Clear();
            Pool.Return(counts);
        }
    }

    /// <summary>Gives the counts' array back to the pool and leaves the store empty.</summary>
    public void Release()
    {
        ReturnCounts(_counts, UsedRange);
        _counts = [];
        _baseKey = 0;
        MinKey = int.MaxValue;
        MaxKey = int.MinValue;
        Total = 0;
        IsCollapsed = false;
    }

    /// <summary>The key of the bucket holding the <paramref name="rank"/>-th smallest count (1 ≤ rank ≤ Total).</summary>
    public int KeyAtRank(long rank)
    {
        var window = Window;
        long seen = 0;
        for (var i = 0; i < window.Length; i++)
        {
            seen += window[i];
            if (seen >= rank)
            {
                return MinKey + i;
            }
        }

        return MaxKey;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AddOutsideWindow(int key, long count)
    {
        if (IsEmpty)
        {
            Cover(key, key);
            MinKey = MaxKey = key;
        }
        else if (key > MaxKey)
        {
            RaiseMax(key);
        }
        else
        {
            var lowestKept = MaxKey - Limit + 1;
            if (key < lowestKept)
            {
                key = lowestKept;
                IsCollapsed = true;
            }

            if (key < MinKey)
            {
                Cover(key, MaxKey);
                MinKey = key;
            }
        }

        _counts[key - _baseKey] += count;
        Total += count;
    }

    private void RaiseMax(int key)
    {
        var lowestKept = key - Limit + 1;
        if (lowestKept <= MinKey)
        {
            Cover(MinKey, key);
            MaxKey = key;
            return;
        }

        var folded = _counts.AsSpan(MinKey - _baseKey, Math.Min(MaxKey, lowestKept - 1) - MinKey + 1);
        var foldedCount = Sum(folded);
        folded.Clear();
        Cover(lowestKept, key);
        _counts[lowestKept - _baseKey] += foldedCount;
        MinKey = lowestKept;
        MaxKey = key;
        IsCollapsed = true;
    }

    private static long Sum(ReadOnlySpan<long> counts)
    {
        long sum = 0;
        foreach (var count in counts)
        {
            sum += count;
        }

        return sum;
    }

    /// <summary>Makes the array cover keys lo..hi (at most Limit of them), keeping every non-zero count.</summary>
    private void Cover(int lo, int hi)
    {
        if (lo >= _baseKey && hi - _baseKey < _counts.Length)
        {
            return;
        }

        var span = hi - lo + 1;
        var target = span <= _counts.Length
            ? _counts
            : RentCounts(Math.Min(Limit, Math.Max(span, Math.Max(InitialCapacity, _counts.Length * 2))));
        // Growth direction is unknown, so the spare room goes to both sides.
        var newBase = lo - ((target.Length - span) / 2);
        var from = Math.Max(MinKey, lo);
        var to = Math.Min(MaxKey, hi);
        var kept = IsEmpty || from > to ? 0 : to - from + 1;
        var destination = kept == 0 ? 0 : from - newBase;
        if (kept > 0)
        {
            _counts.AsSpan(from - _baseKey, kept).CopyTo(target.AsSpan(destination));
        }

        if (ReferenceEquals(target, _counts))
        {
            target.AsSpan(0, destination).Clear();
            target.AsSpan(destination + kept).Clear();
        }
        else
        {
            ReturnCounts(_counts, UsedRange);
        }

        _counts = target;
        _baseKey = newBase;
    }
}
