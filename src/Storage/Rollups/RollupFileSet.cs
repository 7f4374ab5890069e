using Engine.Storage.Catalog;

namespace Engine.Storage.Rollups;

/// <summary>
/// The rollup files one reader (a query) uses, taken from the engine's <see cref="RollupFileCache"/>:
/// the partitions of each tier as they were when first asked for, each file taken once, shared by
/// the reader's threads, and let go on dispose. The reader keeps the versions it took while the
/// builder renames new ones over them or retention deletes them, so it sees one consistent state
/// of each file.
/// </summary>
public sealed class RollupFileSet : IDisposable
{
    private readonly RollupFileCache _cache;
    private readonly Lock _lock = new();
    private readonly Dictionary<RollupTier, int[]> _partitions = [];
    private readonly Dictionary<(RollupTier Tier, int Partition, int Shard), SharedRollupFile?> _files = [];
    private bool _disposed;

    internal RollupFileSet(RollupFileCache cache) => _cache = cache;

    /// <summary>
    /// The series' records of one tier with a bucket start in [<paramref name="startNs"/>,
    /// <paramref name="endNs"/>), in time order, partition by partition; without their sketches
    /// unless <paramref name="withSketches"/> (a query without medians or percentiles needs none).
    /// </summary>
    /// <exception cref="CorruptDataException">A file or the series' block in it is damaged.</exception>
    public IEnumerable<RollupRecord> Read(Series series, RollupTier tier, long startNs, long endNs, bool withSketches = true)
    {
        // A loop over the partitions, not Partitions(): this runs once per series a query reads.
        foreach (var partition in AllPartitions(tier))
        {
            if (tier.PartitionEnd(partition) <= startNs || tier.PartitionStart(partition) >= endNs
                || File(tier, partition, series.Shard) is not { } file)
            {
                continue;
            }

            foreach (var record in file.Read(series.Id, startNs, endNs, withSketches))
            {
                yield return record;
            }
        }
    }

    /// <summary>The series' blocks (one per partition file that has records of it) and bytes <see cref="Read"/> would read, for EXPLAIN.</summary>
    public (int Blocks, long Bytes) PlanRead(Series series, RollupTier tier, long startNs, long endNs)
    {
        int blocks = 0;
        long bytes = 0;
        foreach (var partition in Partitions(tier, startNs, endNs))
        {
            if (File(tier, partition, series.Shard)?.BytesOf(series.Id) is > 0 and var length)
            {
                blocks++;
                bytes += length;
            }
        }

        return (blocks, bytes);
    }

    /// <summary>The partitions of a tier on disk that may hold bucket starts in [<paramref name="startNs"/>, <paramref name="endNs"/>), in time order.</summary>
    public IEnumerable<int> Partitions(RollupTier tier, long startNs, long endNs) =>
        AllPartitions(tier).Where(p => tier.PartitionEnd(p) > startNs && tier.PartitionStart(p) < endNs);

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var file in _files.Values)
            {
                file?.Release();
            }

            _files.Clear();
            _disposed = true;
        }
    }

    private int[] AllPartitions(RollupTier tier)
    {
        lock (_lock)
        {
            if (!_partitions.TryGetValue(tier, out var partitions))
            {
                partitions = _cache.Partitions(tier);
                _partitions.Add(tier, partitions);
            }

            return partitions;
        }
    }

    private RollupFile? File(RollupTier tier, int partition, int shard)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_files.TryGetValue((tier, partition, shard), out var file))
            {
                file = _cache.Acquire(tier, partition, shard);
                _files.Add((tier, partition, shard), file);
            }

            return file?.File;
        }
    }
}
