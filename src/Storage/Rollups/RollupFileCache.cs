using System.Diagnostics;
using Engine.Storage.IO;

namespace Engine.Storage.Rollups;

/// <summary>
/// The rollup files kept open between queries, so a query does not list the partitions and open
/// and check each file's footer again: the most recently used <see cref="Capacity"/> files, and the
/// partition list of each tier. The builder and retention tell it when they replace or delete a
/// file (<see cref="Replaced"/>, <see cref="Dropped"/>); a reader that holds the older version
/// keeps reading it until it is done, as it would with its own handle.
/// </summary>
internal sealed class RollupFileCache(string root, int capacity = RollupFileCache.DefaultCapacity) : IDisposable
{
    /// <summary>
    /// A year of daily files and a few weeks of hourly ones for 16 shards, far below the open-file
    /// limits of the systems Engine runs on.
    /// </summary>
    public const int DefaultCapacity = 512;

    private readonly Lock _lock = new();
    private readonly Dictionary<RollupTier, int[]> _partitions = [];
    private readonly Dictionary<FileKey, LinkedListNode<Cached>> _files = [];
    private readonly LinkedList<Cached> _recentlyUsed = new();
    private bool _disposed;

    public int Capacity { get; } = capacity;

    /// <summary>Files open now (for tests).</summary>
    public int OpenCount
    {
        get
        {
            lock (_lock)
            {
                return _files.Values.Count(n => n.Value.File is not null);
            }
        }
    }

    /// <summary>The partitions of a tier on disk, in time order.</summary>
    public int[] Partitions(RollupTier tier)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_partitions.TryGetValue(tier, out var partitions))
            {
                partitions = ExistingPartitions(root, tier);
                _partitions.Add(tier, partitions);
            }

            return partitions;
        }
    }

    /// <summary>
    /// The shard's file of a partition with one more reference, which the caller releases; null
    /// when there is no such file.
    /// </summary>
    /// <exception cref="CorruptDataException">The file's header, footer or trailer is damaged (checked again on the next call).</exception>
    public SharedRollupFile? Acquire(RollupTier tier, int partition, int shard)
    {
        var key = new FileKey(tier, partition, shard);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_files.TryGetValue(key, out var node))
            {
                _recentlyUsed.Remove(node);
                _recentlyUsed.AddFirst(node);
            }
            else
            {
                // Opening reads only the header, footer and trailer: cheap enough to do under the lock.
                var file = RollupFile.TryOpen(FileNames.RollupFile(root, tier, partition, shard));
                node = _recentlyUsed.AddFirst(new Cached(key, file is null ? null : new SharedRollupFile(file)));
                _files.Add(key, node);
                EvictBeyondCapacity();
            }

            node.Value.File?.AddReference();
            return node.Value.File;
        }
    }

    /// <summary>The shard's file of a partition was written anew or deleted.</summary>
    public void Replaced(RollupTier tier, int partition, int shard)
    {
        lock (_lock)
        {
            Forget(new FileKey(tier, partition, shard));
            _partitions.Remove(tier);
        }
    }

    /// <summary>A partition's folder, with the files of every shard, was deleted.</summary>
    public void Dropped(RollupTier tier, int partition)
    {
        lock (_lock)
        {
            foreach (var key in _files.Keys.Where(k => k.Tier == tier && k.Partition == partition).ToList())
            {
                Forget(key);
            }

            _partitions.Remove(tier);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var key in _files.Keys.ToList())
            {
                Forget(key);
            }

            _partitions.Clear();
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

    /// <summary>Caller holds the lock.</summary>
    private void EvictBeyondCapacity()
    {
        while (_files.Count > Capacity)
        {
            Debug.Assert(_recentlyUsed.Last is not null);
            Forget(_recentlyUsed.Last.Value.Key);
        }
    }

    /// <summary>Caller holds the lock. Drops the cache's reference; readers holding the file keep it open.</summary>
    private void Forget(FileKey key)
    {
        if (_files.Remove(key, out var node))
        {
            _recentlyUsed.Remove(node);
            node.Value.File?.Release();
        }
    }

    private readonly record struct FileKey(RollupTier Tier, int Partition, int Shard);

    private sealed record Cached(FileKey Key, SharedRollupFile? File);
}
