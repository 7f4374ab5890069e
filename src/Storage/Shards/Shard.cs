using Engine.Storage.Catalog;
using Engine.Storage.Rollups;
using Engine.Storage.Segments;
using Engine.Storage.Wal;

namespace Engine.Storage.Shards;

/// <summary>
/// One of the data folder's shards: its WAL, the heads of its series, sealed chunks waiting for a
/// checkpoint, and its segment files. One writer at a time (<see cref="_writeLock"/>); shards never
/// take each other's locks. Split by concern: writing, checkpointing, reading, recovery.
/// </summary>
internal sealed partial class Shard : IDisposable
{
    private readonly Lock _writeLock = new();
    private readonly Lock _checkpointLock = new();
    private readonly string _root;
    private readonly WalEntryWriter _walWriter = new();
    private readonly ChunkPool _chunkPool;
    private readonly ChunkEncoder _encoder;

    /// <summary>
    /// Sealed chunks not yet in a segment file, by series, in seal order; each holds the shard's
    /// reference. A series keeps its (emptied) list, so that checkpoints do not allocate new ones.
    /// Guarded by <see cref="_writeLock"/>.
    /// </summary>
    private readonly Dictionary<uint, List<EncodedChunk>> _pending = [];

    /// <summary>
    /// Series defined by the WAL entry being built (scratch of <see cref="WriteLocked"/>, empty
    /// between writes). Guarded by <see cref="_writeLock"/>.
    /// </summary>
    private readonly List<Series> _definedNow = [];

    /// <summary>Series whose heads may hold samples. Guarded by <see cref="_writeLock"/>.</summary>
    private readonly List<Series> _listedHeads = [];

    /// <summary>Open segment files, ordered by generation; replaced, never mutated.</summary>
    private volatile SegmentReader[] _segments = [];

    private long _nextGeneration;
    private long _samplesWritten;

    public Shard(int id, string root, WalLog wal, ChunkPool chunkPool, RollupFileCache rollupFiles)
    {
        Id = id;
        _root = root;
        Wal = wal;
        _chunkPool = chunkPool;
        _rollupFiles = rollupFiles;
        _encoder = new ChunkEncoder(chunkPool);
    }

    public int Id { get; }

    public WalLog Wal { get; }

    public IReadOnlyList<SegmentReader> Segments => _segments;

    public void Dispose()
    {
        foreach (var segment in _segments)
        {
            segment.Dispose();
        }

        Wal.Dispose();
    }

    /// <summary>
    /// Closes the shard after a full checkpoint and removes its WAL files when the log holds
    /// nothing past its truncation point: a cleanly closed folder keeps no WAL bytes on disk,
    /// and the next open starts a fresh log.
    /// </summary>
    public void DisposeAfterCheckpoint()
    {
        var empty = Wal.BeginAddress >= Wal.TailAddress;
        Dispose();
        if (empty)
        {
            Directory.Delete(Wal.Directory, recursive: true);
        }
    }
}
