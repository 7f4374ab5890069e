using Engine.Storage.Wal;

namespace Engine.Storage;

/// <summary>How a data folder is opened. Every figure has a default that suits a small server.</summary>
public sealed record StorageOptions
{
    /// <summary>Shards of a new data folder (default 16). An existing folder keeps the count it was created with.</summary>
    public int ShardCount { get; init; } = 16;

    /// <summary>
    /// Longest time a write that did not ask for durability waits in memory before its WAL commit
    /// (default 100 ms): the window of acknowledged-but-lost writes if the process dies.
    /// </summary>
    public TimeSpan CommitInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>WAL bytes of one shard that trigger a checkpoint into segment files (default 64 MiB).</summary>
    public long CheckpointWalBytes { get; init; } = 64L << 20;

    /// <summary>Longest time samples stay only in the WAL and memory before a checkpoint (default 10 minutes).</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Most series the folder accepts (default 10 million); one more is a clear error.</summary>
    public long MaxSeries { get; init; } = 10_000_000;

    /// <summary>Memory and file sizing of each shard's WAL.</summary>
    public WalOptions Wal { get; init; } = new();

    /// <summary>
    /// Open for reading only (check, export, stats): nothing is written, repaired or flushed, and
    /// writes are refused. The folder lock is still taken, so a running server is reported.
    /// </summary>
    public bool ReadOnly { get; init; }

    /// <summary>Whether background commits and checkpoints run (tests turn them off to control timing).</summary>
    public bool BackgroundJobs { get; init; } = true;
}
