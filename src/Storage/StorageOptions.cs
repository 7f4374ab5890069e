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

    /// <summary>How long each tier keeps data (raw 30 days, hourly 90, daily 365 by default).</summary>
    public RetentionOptions Retention { get; init; } = new();

    /// <summary>How long past its end an hour waits for late points before its rollup is built (default 5 minutes).</summary>
    public TimeSpan RollupLateness { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the background job builds rollups of closed hours and applies retention (default 10 s).</summary>
    public TimeSpan MaintenanceInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The wall clock of rollups and retention: when hours close and what has expired. Tests move
    /// it instead of waiting.
    /// </summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Whether background commits and checkpoints run (tests turn them off to control timing).</summary>
    public bool BackgroundJobs { get; init; } = true;
}
