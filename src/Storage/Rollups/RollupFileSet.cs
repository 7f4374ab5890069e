using Engine.Storage.Catalog;
using Engine.Storage.IO;

namespace Engine.Storage.Rollups;

/// <summary>
/// The rollup files one reader (a query) uses: the partitions of each tier listed once and each
/// file opened once, shared by the reader's threads, and closed on dispose. The open handles keep
/// the versions they opened readable while the builder renames new ones over them or retention
/// deletes them, so the reader sees one consistent state of each file.
/// </summary>
public sealed class RollupFileSet : IDisposable
{
    private readonly string _root;
    private readonly Lock _lock = new();
    private readonly Dictionary<RollupTier, int[]> _partitions = [];
    private readonly Dictionary<(RollupTier Tier, int Partition, int Shard), RollupFile?> _files = [];
    private bool _disposed;

    internal RollupFileSet(string root) => _root = root;

    /// <summary>
    /// The series' records of one tier with a bucket start in [<paramref name="startNs"/>,
    /// <paramref name="endNs"/>), in time order, partition by partition; without their sketches
    /// unless <paramref name="withSketches"/> (a query without medians or percentiles needs none).
    /// </summary>
    /// <exception cref="CorruptDataException">A file or the series' block in it is damaged.</exception>
    public IEnumerable<RollupRecord> Read(Series series, RollupTier tier, long startNs, long endNs, bool withSketches = true)
    {
        foreach (var partition in Partitions(tier, startNs, endNs))
        {
            if (File(tier, partition, series.Shard) is not { } file)
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
    public IEnumerable<int> Partitions(RollupTier tier, long startNs, long endNs)
    {
        int[] partitions;
        lock (_lock)
        {
            if (!_partitions.TryGetValue(tier, out partitions!))
            {
                partitions = ExistingPartitions(_root, tier);
                _partitions.Add(tier, partitions);
            }
        }

        return partitions.Where(p => tier.PartitionEnd(p) > startNs && tier.PartitionStart(p) < endNs);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var file in _files.Values)
            {
                file?.Dispose();
            }

            _files.Clear();
            _disposed = true;
        }
    }

    /// <summary>The partitions of a tier on disk, in time order.</summary>
    internal static int[] ExistingPartitions(string root, RollupTier tier)
    {
        var directory = FileNames.RollupTierDirectory(root, tier);
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return [.. Directory.EnumerateDirectories(directory)
            .Select(d => FileNames.TryParseRollupPartition(tier, Path.GetFileName(d), out var partition) ? partition : (int?)null)
            .OfType<int>()
            .Order()];
    }

    private RollupFile? File(RollupTier tier, int partition, int shard)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_files.TryGetValue((tier, partition, shard), out var file))
            {
                // Opening reads only the header, footer and trailer: cheap enough to do under the lock.
                file = RollupFile.TryOpen(FileNames.RollupFile(_root, tier, partition, shard));
                _files.Add((tier, partition, shard), file);
            }

            return file;
        }
    }
}
