using Engine.Storage.Catalog;
using Engine.Storage.IO;
using Engine.Storage.Rollups;
using Engine.Storage.Segments;
using Engine.Storage.Shards;
using Engine.Storage.Wal;

namespace Engine.Storage;

/// <summary>
/// An open data folder: shards with their WALs, heads and segments, and the series catalog.
/// Thread-safe: any number of threads may write and read at once. Dispose commits, writes every
/// head to segment files and releases the folder.
/// </summary>
public sealed partial class StorageEngine : IDisposable
{
    private readonly DataFolderLock _lock;
    private readonly Shard[] _shards;
    private readonly RollupFileCache _rollupFiles;
    private readonly List<CorruptDataException> _openProblems = [];
    private int _disposed;

    private StorageEngine(string root, StorageOptions options, DataFolderLock folderLock, SeriesCatalog catalog, Shard[] shards, ChunkPool chunkPool, RollupFileCache rollupFiles)
    {
        ChunkPool = chunkPool;
        _rollupFiles = rollupFiles;
        Root = root;
        Options = options;
        _lock = folderLock;
        Catalog = catalog;
        _shards = shards;
    }

    public string Root { get; }

    public StorageOptions Options { get; }

    public SeriesCatalog Catalog { get; }

    public TagIndex Index => Catalog.Index;

    public int ShardCount => _shards.Length;

    /// <summary>Sealed chunks' buffers, shared by the shards.</summary>
    internal ChunkPool ChunkPool { get; }

    /// <summary>Samples restored from the WAL on open.</summary>
    public long ReplayedSamples { get; private set; }

    /// <summary>Damage found on open (files left out, torn records cut); the rest of the data is served.</summary>
    public IReadOnlyList<CorruptDataException> OpenProblems => _openProblems;

    internal IReadOnlyList<Shard> Shards => _shards;

    /// <summary>
    /// Opens (creating if needed) the data folder at <paramref name="path"/>: takes the folder lock,
    /// loads the catalog, opens segments and replays every shard's WAL.
    /// </summary>
    /// <exception cref="DataFolderLockedException">Another process has the folder open.</exception>
    public static StorageEngine Open(string path, StorageOptions? options = null)
    {
        options ??= new StorageOptions();
        options.Retention.Validate();
        var root = Path.GetFullPath(path);
        if (options.ReadOnly && !Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"data folder '{root}' does not exist");
        }

        Directory.CreateDirectory(root);
        var folderLock = DataFolderLock.Acquire(root);
        SeriesCatalog? catalog = null;
        var shards = new List<Shard>();
        try
        {
            var chunkPool = new ChunkPool();
            var rollupFiles = new RollupFileCache(root);
            var shardCount = options.ReadOnly ? MetaFile.Read(root) : MetaFile.ReadOrCreate(root, options.ShardCount);
            Directory.CreateDirectory(Path.Combine(root, FileNames.CatalogDirectory));
            catalog = SeriesCatalog.Open(Path.Combine(root, FileNames.CatalogDirectory, FileNames.CatalogLog), shardCount, options.MaxSeries, options.ReadOnly);
            for (var i = 0; i < shardCount; i++)
            {
                shards.Add(new Shard(i, root, WalLog.Open(FileNames.WalShardDirectory(root, i), options.Wal), chunkPool, rollupFiles));
            }

            ReserveThreadPoolThreads(shardCount);
            var engine = new StorageEngine(root, options, folderLock, catalog, [.. shards], chunkPool, rollupFiles);
            engine.Recover();
            if (!options.ReadOnly)
            {
                engine.StartBackgroundJobs();
            }
            return engine;
        }
        catch
        {
            shards.ForEach(s => s.Dispose());
            catalog?.Dispose();
            folderLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// FasterLog's file device blocks a thread-pool thread per outstanding flush. Sixteen logs
    /// committing at once would wait for the pool to grow (about one thread a second past the
    /// core count), turning a 5 ms commit into seconds; so the pool keeps enough threads ready.
    /// </summary>
    private static void ReserveThreadPoolThreads(int shardCount)
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        var wanted = (shardCount * 2) + Environment.ProcessorCount;
        if (workers < wanted || completionPorts < wanted)
        {
            ThreadPool.SetMinThreads(Math.Max(workers, wanted), Math.Max(completionPorts, wanted));
        }
    }

    private void Recover()
    {
        if (Catalog.Repair is { } repair)
        {
            _openProblems.Add(new CorruptDataException(repair));
        }

        foreach (var shard in _shards)
        {
            shard.OpenSegments(_openProblems);
            shard.LoadPendingHours(_openProblems);
            ReplayedSamples += shard.Replay(Catalog);
        }
    }

    public void Dispose() => Close(flush: true);

    /// <summary>Releases the folder as a crash would: no commit, no checkpoint. Tests only.</summary>
    internal void DisposeWithoutFlushForTests() => Close(flush: false);

    private void Close(bool flush)
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        StopBackgroundJobs();
        var flushed = false;
        try
        {
            if (flush && !Options.ReadOnly)
            {
                FlushShards();
                flushed = true;
            }
        }
        finally
        {
            foreach (var shard in _shards)
            {
                if (flushed)
                {
                    shard.DisposeAfterCheckpoint();
                }
                else
                {
                    shard.Dispose();
                }
            }

            _rollupFiles.Dispose();
            Catalog.Dispose();
            _lock.Dispose();
        }
    }

    /// <summary>Length of the catalog file as the open catalog sees it. Tests only.</summary>
    internal long CatalogFileLengthForTests() => Catalog.FileLength;

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private void ThrowIfReadOnly()
    {
        ThrowIfDisposed();
        if (Options.ReadOnly)
        {
            throw new InvalidOperationException($"data folder '{Root}' is open read-only");
        }
    }
}
