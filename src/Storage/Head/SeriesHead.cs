using System.Numerics;
using Engine.Storage.Model;

namespace Engine.Storage.Head;

/// <summary>
/// The open, append-only column buffers of one series for one UTC day, in arrival order.
/// Touched only under the owning shard's writer lock.
/// </summary>
internal sealed class SeriesHead
{
    private const int InitialCapacity = 32;

    private long[] _timestamps = [];
    private ulong[] _values = [];
    private string?[]? _strings;

    public SeriesHead(FieldType type) => Type = type;

    public FieldType Type { get; }

    public int Count { get; private set; }

    /// <summary>The UTC day of the buffered samples; meaningful while <see cref="Count"/> &gt; 0.</summary>
    public int Day { get; private set; }

    private long _dayStartNs;
    private long _dayEndNs;

    /// <summary>WAL address of the entry that brought the oldest buffered sample.</summary>
    public long FirstWalAddress { get; private set; }

    /// <summary>Whether the shard lists this head among those that may hold samples.</summary>
    public bool Listed { get; set; }

    /// <summary>Whether a sample at <paramref name="timestampNs"/> belongs with the buffered ones (same UTC day).</summary>
    public bool Accepts(long timestampNs) => Count == 0 || (timestampNs >= _dayStartNs && timestampNs < _dayEndNs);

    /// <summary>Appends a sample; the caller has checked <see cref="Accepts"/>.</summary>
    public void Append(long timestampNs, ulong bits, string? text, long walAddress)
    {
        if (Count == 0)
        {
            // Dividing once per buffer rather than per sample: 64-bit division is slow.
            Day = TimeMath.DayOf(timestampNs);
            _dayStartNs = TimeMath.DayStart(Day);
            _dayEndNs = _dayStartNs + TimeMath.NanosPerDay;
            FirstWalAddress = walAddress;
        }

        if (Count == _timestamps.Length)
        {
            Grow();
        }

        _timestamps[Count] = timestampNs;
        _values[Count] = bits;
        if (_strings is not null)
        {
            _strings[Count] = text;
        }

        Count++;
    }

    /// <summary>Sorts the buffer by time, last write of a timestamp winning, and returns it as columns.</summary>
    public (ReadOnlyMemory<long> Timestamps, ReadOnlyMemory<ulong> Values, ReadOnlyMemory<string?> Strings) Seal()
    {
        Count = SampleSorter.SortAndDeduplicate(_timestamps, _values, _strings, Count);
        return (_timestamps.AsMemory(0, Count), _values.AsMemory(0, Count), _strings.AsMemory(0, _strings is null ? 0 : Count));
    }

    /// <summary>A sorted, de-duplicated copy of the buffer for a reader.</summary>
    public (long[] Timestamps, ulong[] Values, string?[] Strings) Snapshot()
    {
        var timestamps = _timestamps[..Count];
        var values = _values[..Count];
        var strings = _strings is null ? [] : _strings[..Count];
        var count = SampleSorter.SortAndDeduplicate(timestamps, values, _strings is null ? null : strings, Count);
        return count == Count
            ? (timestamps, values, strings)
            : (timestamps[..count], values[..count], _strings is null ? [] : strings[..count]);
    }

    /// <summary>
    /// Empties the buffer. With <paramref name="trim"/> (a checkpoint sealed it, not a full buffer),
    /// buffers much larger than what was sealed shrink to that size, so that a series that slowed
    /// down does not keep the memory of its busiest day.
    /// </summary>
    public void Clear(bool trim = false)
    {
        if (_strings is not null)
        {
            Array.Clear(_strings, 0, Count);
        }

        var fitted = Math.Max(InitialCapacity, (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(Count, 1)));
        if (trim && fitted * 4 <= _timestamps.Length)
        {
            _timestamps = new long[fitted];
            _values = new ulong[fitted];
            _strings = _strings is null ? null : new string?[fitted];
        }

        Count = 0;
    }

    private void Grow()
    {
        var capacity = Math.Max(InitialCapacity, _timestamps.Length * 2);
        Array.Resize(ref _timestamps, capacity);
        Array.Resize(ref _values, capacity);
        if (Type == FieldType.String)
        {
            Array.Resize(ref _strings, capacity);
        }
    }
}
