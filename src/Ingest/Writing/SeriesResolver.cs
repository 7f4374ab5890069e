using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Engine.Ingest.LineProtocol;
using Engine.Storage;
using Engine.Storage.Catalog;

namespace Engine.Ingest.Writing;

/// <summary>
/// Finds the tag set of a parsed line. Lines of a known series are looked up by their raw
/// (escaped, unsorted) series text in a local cache, which skips unescaping, sorting and
/// canonical-key building; new text goes the long way once. Allocates only for new series text.
/// One per writer; not thread-safe.
/// </summary>
internal sealed class SeriesResolver
{
    /// <summary>Cached raw series texts at most; the cache starts over past it rather than grow without bound.</summary>
    private const int MaxCachedKeys = 200_000;

    private readonly StorageEngine _storage;
    private readonly TagSetKeyBuilder _keyBuilder = new();
    private readonly Dictionary<byte[], TagSet> _byRawKey = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], TagSet>.AlternateLookup<ReadOnlySpan<byte>> _byRawKeySpan;
    private byte[] _scratch = new byte[1024];

    public SeriesResolver(StorageEngine storage)
    {
        _storage = storage;
        _byRawKeySpan = _byRawKey.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public TagSet Resolve(in ParsedLine line)
    {
        var rawKey = RawSeriesText(line);
        if (_byRawKeySpan.TryGetValue(rawKey, out var known))
        {
            return known;
        }

        var tagSet = _storage.ResolveTagSet(BuildCanonicalKey(line));
        if (_byRawKey.Count >= MaxCachedKeys)
        {
            _byRawKey.Clear();
        }

        _byRawKeySpan[rawKey] = tagSet;
        return tagSet;
    }

    /// <summary>The unescaped UTF-8 field key, valid until the next call.</summary>
    public ReadOnlySpan<byte> FieldKey(in ParsedLine line, int index)
    {
        var raw = line.FieldKeyRaw(index);
        if (raw.IndexOf((byte)'\\') < 0)
        {
            return raw;
        }

        EnsureScratch(raw.Length);
        return _scratch.AsSpan(0, line.UnescapeFieldKey(index, _scratch));
    }

    private ReadOnlySpan<byte> BuildCanonicalKey(in ParsedLine line)
    {
        EnsureScratch(line.MeasurementRaw.Length);
        _keyBuilder.Reset(_scratch.AsSpan(0, line.UnescapeMeasurement(_scratch)));
        for (var i = 0; i < line.TagCount; i++)
        {
            var rawKey = line.TagKeyRaw(i);
            var rawValue = line.TagValueRaw(i);
            EnsureScratch(rawKey.Length + rawValue.Length);
            var keyLength = line.UnescapeTagKey(i, _scratch);
            var valueLength = line.UnescapeTagValue(i, _scratch.AsSpan(keyLength));
            _keyBuilder.AddTag(_scratch.AsSpan(0, keyLength), _scratch.AsSpan(keyLength, valueLength));
        }

        return _keyBuilder.Build();
    }

    /// <summary>The line's text from the measurement to the end of its last tag value.</summary>
    private static ReadOnlySpan<byte> RawSeriesText(in ParsedLine line)
    {
        var measurement = line.MeasurementRaw;
        if (line.TagCount == 0)
        {
            return measurement;
        }

        // Every span of a parsed line points into the same line text, so the series text runs
        // from the measurement's first byte to the last tag value's last byte.
        var lastValue = line.TagValueRaw(line.TagCount - 1);
        ref var start = ref MemoryMarshal.GetReference(measurement);
        var length = (int)Unsafe.ByteOffset(ref start, ref MemoryMarshal.GetReference(lastValue)) + lastValue.Length;
        return MemoryMarshal.CreateReadOnlySpan(ref start, length);
    }

    /// <summary>
    /// The 1-based column of <paramref name="part"/> within the line (counted from the measurement,
    /// which is where a line starts unless it is indented).
    /// </summary>
    public static int ColumnOf(in ParsedLine line, ReadOnlySpan<byte> part) =>
        1 + (int)Unsafe.ByteOffset(ref MemoryMarshal.GetReference(line.MeasurementRaw), ref MemoryMarshal.GetReference(part));

    private void EnsureScratch(int length)
    {
        if (_scratch.Length < length)
        {
            _scratch = new byte[Math.Max(length, _scratch.Length * 2)];
        }
    }
}
