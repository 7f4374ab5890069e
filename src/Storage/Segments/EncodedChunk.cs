namespace Engine.Storage.Segments;

/// <summary>
/// A sealed chunk held in memory until a checkpoint (or a compaction) writes it to a segment file:
/// its bytes in a buffer from a <see cref="ChunkPool"/> and its time range. Reference-counted like
/// a <see cref="SegmentReader"/>: the shard holds one reference while the chunk is pending, each
/// reader in flight another; the last <see cref="Release"/> hands object and buffer back to the
/// pool, so nothing may touch a chunk after releasing it.
/// </summary>
internal sealed class EncodedChunk
{
    private readonly ChunkPool _pool;
    private readonly byte[] _buffer;
    private int _references;

    public EncodedChunk(ChunkPool pool, byte[] buffer)
    {
        _pool = pool;
        _buffer = buffer;
    }

    public uint SeriesId { get; private set; }

    public int Day { get; private set; }

    public long MinTime { get; private set; }

    public long MaxTime { get; private set; }

    public int Count { get; private set; }

    public int Length { get; private set; }

    public int Capacity => _buffer.Length;

    public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, Length);

    /// <summary>Room for the encoded bytes, written once by the encoder before <see cref="Describe"/>.</summary>
    public Span<byte> Buffer => _buffer;

    /// <summary>Completes a rented chunk; the caller holds its one reference.</summary>
    public EncodedChunk Describe(uint seriesId, int day, long minTime, long maxTime, int count, int length)
    {
        (SeriesId, Day, MinTime, MaxTime, Count, Length) = (seriesId, day, minTime, maxTime, count, length);
        _references = 1;
        return this;
    }

    /// <summary>Another reference, for a reader; only while the caller knows a reference is held (the shard's, under its lock).</summary>
    public void Acquire() => Interlocked.Increment(ref _references);

    public void Release()
    {
        var left = Interlocked.Decrement(ref _references);
        if (left == 0)
        {
            _pool.Return(this);
        }
        else if (left < 0)
        {
            throw new InvalidOperationException($"chunk of series {SeriesId} released more often than acquired");
        }
    }
}
