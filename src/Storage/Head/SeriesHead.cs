using System.Numerics;
using Engine.Storage.Model;
using Engine.Storage.Segments;

namespace Engine.Storage.Head;

/// <summary>
/// The open, append-only column buffers of one series for one UTC day, in arrival order.
/// Touched only under the owning shard's writer lock.
/// <para>
/// Samples arrive in an open block of raw columns; once it holds <see cref="HeadBlockCodec.MaxSamples"/>
/// samples it is packed (<see cref="HeadBlockCodec"/>) into byte segments and reused, so a head keeps
/// 2 to 4 bytes a sample for typical gauges instead of raw 16-byte samples in arrays that grow by
/// doubling (which held most of a loading server's memory). Segments are never copied to grow:
/// a new one, up to twice the last (at most <see cref="MaxSegmentBytes"/>), is added when a block
/// does not fit. String heads stay raw.
/// </para>
/// </summary>
internal sealed class SeriesHead
{
    private const int InitialCapacity = 32;

    private const int MaxSegmentBytes = 4 << 10;

    /// <summary>Columns a seal unpacks into, reused by every seal on the thread (see <see cref="Seal"/>).</summary>
    [ThreadStatic]
    private static SealScratch? t_sealScratch;

    /// <summary>Where blocks are packed before being copied into a segment.</summary>
    [ThreadStatic]
    private static byte[]? t_packScratch;

    // The open block (for strings: every buffered sample).
    private long[] _timestamps = [];
    private ulong[] _values = [];
    private string?[]? _strings;
    private int _open;

    // Packed blocks, in arrival order: segments [0, _segmentCount), each holding whole blocks in
    // its first _segmentUsed bytes. Segments past _segmentCount are kept for reuse after a seal.
    private byte[][] _segments = [];
    private int[] _segmentUsed = [];
    private int _segmentCount;

    public SeriesHead(FieldType type) => Type = type;

    /// <summary>Bytes of packed blocks (a figure for tests).</summary>
    internal int PackedBytes => _segmentUsed.Take(_segmentCount).Sum();

    /// <summary>Bytes of the segments that hold packed blocks, used or not (a figure for tests).</summary>
    internal int SegmentBytes => _segments.Sum(segment => segment?.Length ?? 0);

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

        if (_open == _timestamps.Length)
        {
            if (_open == HeadBlockCodec.MaxSamples && Type != FieldType.String)
            {
                PackOpenBlock();
            }
            else
            {
                Grow();
            }
        }

        _timestamps[_open] = timestampNs;
        _values[_open] = bits;
        if (_strings is not null)
        {
            _strings[_open] = text;
        }

        _open++;
        Count++;
    }

    /// <summary>
    /// Sorts the buffer by time, last write of a timestamp winning, and returns it as columns. The
    /// columns stay valid until <see cref="Clear"/> and until the next seal of any head on this
    /// thread (packed heads unpack into a per-thread buffer), so use them before either.
    /// </summary>
    public (ReadOnlyMemory<long> Timestamps, ReadOnlyMemory<ulong> Values, ReadOnlyMemory<string?> Strings) Seal()
    {
        if (_segmentCount == 0)
        {
            Count = SampleSorter.SortAndDeduplicate(_timestamps, _values, _strings, Count);
            return (_timestamps.AsMemory(0, Count), _values.AsMemory(0, Count), _strings.AsMemory(0, _strings is null ? 0 : Count));
        }

        var scratch = t_sealScratch ??= new SealScratch();
        scratch.EnsureCapacity(Count);
        CopyTo(scratch.Timestamps, scratch.Values);
        Count = SampleSorter.SortAndDeduplicate(scratch.Timestamps, scratch.Values, null, Count);
        return (scratch.Timestamps.AsMemory(0, Count), scratch.Values.AsMemory(0, Count), ReadOnlyMemory<string?>.Empty);
    }

    /// <summary>
    /// A sorted, de-duplicated copy of the buffer for a reader, in its reused <paramref name="columns"/>
    /// (a read copies the head under the writer lock, then works on the copy).
    /// </summary>
    public void SnapshotInto(SampleColumns columns)
    {
        columns.Reset(Type, Count);
        var (timestamps, values, strings) = columns.Arrays;
        CopyTo(timestamps, values);
        if (strings is not null)
        {
            _strings.AsSpan(0, Count).CopyTo(strings);
        }

        columns.SetCount(SampleSorter.SortAndDeduplicate(timestamps, values, strings, Count));
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
            Array.Clear(_strings, 0, _open);
        }

        if (trim)
        {
            var fitted = Math.Max(InitialCapacity, (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(Count, 1)));
            if (fitted * 4 <= _timestamps.Length)
            {
                _timestamps = new long[fitted];
                _values = new ulong[fitted];
                _strings = _strings is null ? null : new string?[fitted];
            }

            // The series may have slowed down: its next day gets segments sized to what it sends then.
            _segments = [];
            _segmentUsed = [];
        }

        _open = 0;
        _segmentCount = 0;
        Count = 0;
    }

    /// <summary>Copies the buffered samples, in arrival order, into the first <see cref="Count"/> elements.</summary>
    private void CopyTo(long[] timestamps, ulong[] values)
    {
        var floats = Type == FieldType.Float;
        var copied = 0;
        for (var s = 0; s < _segmentCount; s++)
        {
            var packed = _segments[s].AsSpan(0, _segmentUsed[s]);
            while (!packed.IsEmpty)
            {
                var length = HeadBlockCodec.Decode(packed, floats, timestamps.AsSpan(copied), values.AsSpan(copied));
                copied += HeadBlockCodec.CountOf(packed);
                packed = packed[length..];
            }
        }

        _timestamps.AsSpan(0, _open).CopyTo(timestamps.AsSpan(copied));
        _values.AsSpan(0, _open).CopyTo(values.AsSpan(copied));
    }

    private void PackOpenBlock()
    {
        var scratch = t_packScratch ??= new byte[HeadBlockCodec.MaxEncodedBytes(HeadBlockCodec.MaxSamples)];
        var length = HeadBlockCodec.Encode(_timestamps.AsSpan(0, _open), _values.AsSpan(0, _open), Type == FieldType.Float, scratch);
        if (_segmentCount == 0 || _segmentUsed[_segmentCount - 1] + length > _segments[_segmentCount - 1].Length)
        {
            AddSegment(length);
        }

        var last = _segmentCount - 1;
        scratch.AsSpan(0, length).CopyTo(_segments[last].AsSpan(_segmentUsed[last]));
        _segmentUsed[last] += length;
        _open = 0;
    }

    /// <summary>Starts a segment that holds at least <paramref name="length"/> bytes, reusing one kept from before a seal when it does.</summary>
    private void AddSegment(int length)
    {
        if (_segmentCount < _segments.Length && _segments[_segmentCount] is { } kept && kept.Length >= length)
        {
            _segmentUsed[_segmentCount++] = 0;
            return;
        }

        if (_segmentCount == _segments.Length)
        {
            Array.Resize(ref _segments, Math.Max(4, _segments.Length * 2));
            Array.Resize(ref _segmentUsed, _segments.Length);
        }

        var previous = _segmentCount == 0 ? 0 : _segments[_segmentCount - 1].Length;
        // Sized from the previous segment, never copied: growth costs no garbage.
        _segments[_segmentCount] = new byte[Math.Max(length, Math.Min(MaxSegmentBytes, previous * 2))];
        _segmentUsed[_segmentCount++] = 0;
    }

    private void Grow()
    {
        var capacity = Math.Max(InitialCapacity, _timestamps.Length * 2);
        if (Type != FieldType.String)
        {
            capacity = Math.Min(capacity, HeadBlockCodec.MaxSamples);
        }

        Array.Resize(ref _timestamps, capacity);
        Array.Resize(ref _values, capacity);
        if (Type == FieldType.String)
        {
            Array.Resize(ref _strings, capacity);
        }
    }

    private sealed class SealScratch
    {
        public long[] Timestamps = [];
        public ulong[] Values = [];

        public void EnsureCapacity(int count)
        {
            if (Timestamps.Length < count)
            {
                var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)count);
                Timestamps = new long[capacity];
                Values = new ulong[capacity];
            }
        }
    }
}
