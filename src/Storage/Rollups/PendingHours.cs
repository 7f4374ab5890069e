using System.Buffers;
using Engine.Storage.IO;

namespace Engine.Storage.Rollups;

/// <summary>
/// The hours of one shard that have samples not yet in their rollups: every write marks its
/// hour; the builder rolls up closed hours and unmarks those not written again meanwhile. A late
/// point in an already rolled-up hour marks it again, so only the hours it touches are rebuilt.
/// </summary>
/// <remarks>
/// Not thread-safe: the shard guards it with its writer lock. Persisted at each checkpoint before
/// the WAL is truncated (<see cref="Serialize"/>), so a mark survives even when the samples that
/// made it are no longer in the WAL.
/// </remarks>
internal sealed class PendingHours
{
    private readonly Dictionary<long, long> _marks = [];
    private long _sequence;

    public int Count => _marks.Count;

    /// <summary>Changes since open; equal versions mean equal sets.</summary>
    public long Version => _sequence;

    public void Mark(long hour) => _marks[hour] = ++_sequence;

    public bool Contains(long hour) => _marks.ContainsKey(hour);

    /// <summary>The marked hours below <paramref name="hourLimit"/>, with the mark each carries now.</summary>
    public List<(long Hour, long Mark)> Below(long hourLimit) =>
        [.. _marks.Where(m => m.Key < hourLimit).Select(m => (m.Key, m.Value)).OrderBy(m => m.Key)];

    /// <summary>The marked hours in [<paramref name="fromHour"/>, <paramref name="toHour"/>).</summary>
    public IReadOnlySet<long> Between(long fromHour, long toHour) =>
        _marks.Keys.Where(h => h >= fromHour && h < toHour).ToHashSet();

    /// <summary>The earliest marked hour, or null.</summary>
    public long? Earliest => _marks.Count == 0 ? null : _marks.Keys.Min();

    /// <summary>Unmarks hours whose mark is still the one given: those written again since stay marked.</summary>
    public void Unmark(IEnumerable<(long Hour, long Mark)> built)
    {
        foreach (var (hour, mark) in built)
        {
            if (_marks.TryGetValue(hour, out var current) && current == mark)
            {
                _marks.Remove(hour);
                _sequence++;
            }
        }
    }

    /// <summary>
    /// <code>u32 magic "EPND", varint count, count × varint zigzag hour delta, u32 CRC-32C of what precedes</code>
    /// </summary>
    public byte[] Serialize()
    {
        var output = new ArrayBufferWriter<byte>();
        output.WriteUInt32(Magic);
        output.WriteVarint((ulong)_marks.Count);
        long previous = 0;
        foreach (var hour in _marks.Keys.Order())
        {
            output.WriteVarint(Varint.ZigZag(hour - previous));
            previous = hour;
        }

        output.WriteUInt32(Crc32C.Compute(output.WrittenSpan));
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Marks the hours of a persisted set.</summary>
    /// <exception cref="CorruptDataException">The bytes are damaged.</exception>
    public void Load(ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.Length < 8 || Crc32C.Compute(bytes[..^4]) != System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes[^4..]))
        {
            throw new CorruptDataException("pending rollup hours: checksum mismatch", path, 0);
        }

        var reader = new SpanReader(bytes[..^4], $"pending rollup hours {path}");
        if (reader.ReadUInt32() != Magic)
        {
            throw new CorruptDataException("pending rollup hours: bad magic", path, 0);
        }

        var count = reader.ReadLength(bytes.Length);
        long hour = 0;
        for (var i = 0; i < count; i++)
        {
            hour += Varint.UnZigZag(reader.ReadVarint());
            Mark(hour);
        }
    }

    private const uint Magic = 0x444E5045; // "EPND" little-endian
}
