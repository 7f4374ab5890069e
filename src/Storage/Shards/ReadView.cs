using Engine.Storage.Segments;

namespace Engine.Storage.Shards;

/// <summary>
/// One consistent view of a series' data (see <c>Shard.CollectSources</c>): the sources that may
/// hold a read's samples, the segment files and pending chunks they lie in (acquired until
/// <see cref="Release"/>: a checkpoint may meanwhile hand the chunks' buffers back to the pool,
/// which waits for the last reference), and a sorted copy of the head. Reusable: the rollup
/// builder fills one view for every series it reads, so its lists and head columns are not
/// allocated anew per series.
/// </summary>
internal sealed class ReadView : IDisposable
{
    public List<ChunkSource> Sources { get; } = [];

    /// <summary>The head's samples, sorted and de-duplicated; meaningful when a source <see cref="ChunkSource.IsHead"/>.</summary>
    public SampleColumns Head { get; } = new();

    public List<EncodedChunk> Pending { get; } = [];

    /// <summary>The shard's segment files at the time of the view, each acquired by the caller.</summary>
    public SegmentReader[] Segments { get; set; } = [];

    /// <summary>Releases the files and chunks and forgets the sources; the head's columns stay for the next use.</summary>
    public void Release()
    {
        foreach (var segment in Segments)
        {
            segment.Release();
        }

        foreach (var chunk in Pending)
        {
            chunk.Release();
        }

        Segments = [];
        Pending.Clear();
        Sources.Clear();
    }

    public void Dispose()
    {
        Release();
        Head.Dispose();
    }
}
