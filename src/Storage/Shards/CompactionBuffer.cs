using Engine.Storage.Model;
using Engine.Storage.Segments;

namespace Engine.Storage.Shards;

/// <summary>
/// Gathers the time-ordered samples of one series during a compaction and cuts them into full
/// chunks. One per engine, reused by every compaction (callers lock it): its columns and decoding
/// scratch are two chunks' worth of samples, which compactions would otherwise allocate per series
/// and per chunk they read.
/// </summary>
internal sealed class CompactionBuffer(ChunkPool pool)
{
    private readonly ChunkEncoder _encoder = new(pool);
    private readonly long[] _timestamps = new long[ChunkLayout.MaxSamples];
    private readonly ulong[] _values = new ulong[ChunkLayout.MaxSamples];
    private readonly string?[] _strings = new string?[ChunkLayout.MaxSamples];
    private readonly long[] _decodedTimestamps = new long[ChunkLayout.MaxSamples];
    private readonly ulong[] _decodedValues = new ulong[ChunkLayout.MaxSamples];
    private readonly string?[] _decodedStrings = new string?[ChunkLayout.MaxSamples];
    private List<EncodedChunk> _output = [];
    private uint _seriesId;
    private int _day;
    private FieldType _type;
    private int _count;

    /// <summary>Starts a series; its chunks (each referenced once, by the caller) are added to <paramref name="output"/>.</summary>
    public void Start(uint seriesId, int day, List<EncodedChunk> output) =>
        (_seriesId, _day, _output, _count) = (seriesId, day, output, 0);

    /// <summary>Appends the samples of a segment chunk that overlaps no other.</summary>
    public void Append(SegmentReader segment, int chunk)
    {
        var header = segment.DecodeInto(chunk, _decodedTimestamps, _decodedValues, _decodedStrings);
        var count = header.Count;
        _type = header.Type;
        Append(_decodedTimestamps.AsSpan(0, count), _decodedValues.AsSpan(0, count), _decodedStrings.AsSpan(0, _type == FieldType.String ? count : 0));
        Array.Clear(_decodedStrings, 0, _type == FieldType.String ? count : 0);
    }

    public void Append(DecodedBlock block)
    {
        _type = block.Type;
        Append(block.Timestamps, block.Values, block.Strings);
    }

    /// <summary>Encodes what is buffered into a last, possibly partial, chunk.</summary>
    public void Flush()
    {
        if (_count == 0)
        {
            return;
        }

        _output.Add(_encoder.Encode(_seriesId, _type, _day, _timestamps.AsSpan(0, _count), _values.AsSpan(0, _count),
            _type == FieldType.String ? _strings.AsSpan(0, _count) : []));
        if (_type == FieldType.String)
        {
            Array.Clear(_strings, 0, _count); // the reused buffer must not keep strings alive
        }

        _count = 0;
    }

    private void Append(ReadOnlySpan<long> timestamps, ReadOnlySpan<ulong> values, ReadOnlySpan<string?> strings)
    {
        for (var i = 0; i < timestamps.Length;)
        {
            var take = Math.Min(timestamps.Length - i, ChunkLayout.MaxSamples - _count);
            timestamps.Slice(i, take).CopyTo(_timestamps.AsSpan(_count));
            values.Slice(i, take).CopyTo(_values.AsSpan(_count));
            if (_type == FieldType.String)
            {
                strings.Slice(i, take).CopyTo(_strings.AsSpan(_count));
            }

            _count += take;
            i += take;
            if (_count == ChunkLayout.MaxSamples)
            {
                Flush();
            }
        }
    }
}
