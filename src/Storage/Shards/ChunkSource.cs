using Engine.Storage.Segments;

namespace Engine.Storage.Shards;

/// <summary>
/// A chunk (in a segment file, or sealed and pending) or the head that may hold samples of a read,
/// with its rank: higher is newer. A value, so that a read's list of sources allocates nothing per chunk.
/// </summary>
internal readonly record struct ChunkSource(long MinTime, long MaxTime, int Precedence, int Bytes)
{
    /// <summary>The segment file holding the chunk (at <see cref="Index"/>); null for a pending chunk or the head.</summary>
    public SegmentReader? Segment { get; init; }

    public int Index { get; init; }

    /// <summary>The sealed chunk waiting for a checkpoint; null for the others.</summary>
    public EncodedChunk? Pending { get; init; }

    /// <summary>Whether this is the head, whose samples the read's <see cref="ReadView.Head"/> holds.</summary>
    public bool IsHead => Segment is null && Pending is null;
}

/// <summary>A read's sources cut into runs that overlap in time (which must be merged) and do not overlap each other.</summary>
internal static class SourceRuns
{
    /// <summary>Sorts sources by time, older precedence first among equal starts.</summary>
    public static void SortByTime(List<ChunkSource> sources) =>
        sources.Sort(static (a, b) => a.MinTime != b.MinTime ? a.MinTime.CompareTo(b.MinTime) : a.Precedence.CompareTo(b.Precedence));

    /// <summary>How many sources from <paramref name="first"/> on (sorted by time) overlap, one after the other.</summary>
    public static int RunLength(List<ChunkSource> sources, int first)
    {
        var clusterEnd = sources[first].MaxTime;
        var last = first;
        while (last + 1 < sources.Count && sources[last + 1].MinTime <= clusterEnd)
        {
            last++;
            clusterEnd = Math.Max(clusterEnd, sources[last].MaxTime);
        }

        return last - first + 1;
    }
}
