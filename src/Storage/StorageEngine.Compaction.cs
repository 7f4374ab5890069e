using Engine.Storage.Model;
using Engine.Storage.Shards;

namespace Engine.Storage;

public sealed partial class StorageEngine
{
    private CompactionBuffer? _compactionBufferInstance;

    /// <summary>Shared by every shard's compactions, which lock it; created by the first.</summary>
    private CompactionBuffer SharedCompactionBuffer => LazyInitializer.EnsureInitialized(ref _compactionBufferInstance, () => new CompactionBuffer(ChunkPool));

    /// <summary>
    /// Merges the segment files of each day partition that has more than one, in every shard.
    /// Background jobs do the same for partitions that have many files or whose day has closed.
    /// Returns the number of partitions merged.
    /// </summary>
    public int Compact()
    {
        ThrowIfReadOnly();
        return CompactShards(all: true);
    }

    private int CompactShards(bool all)
    {
        var merged = 0;
        var now = TimeMath.NowNs();
        foreach (var shard in _shards)
        {
            foreach (var day in shard.CompactionCandidates(now, all))
            {
                merged += shard.CompactPartition(day, SharedCompactionBuffer) ? 1 : 0;
            }
        }

        return merged;
    }
}
