namespace Engine.Storage.Wal;

/// <summary>Memory and file sizing of one shard's FasterLog.</summary>
public sealed record WalOptions
{
    /// <summary>Size of one in-memory log page, as a power of two (default 2^20 = 1 MiB).</summary>
    public int PageSizeBits { get; init; } = 20;

    /// <summary>In-memory part of each shard's log, as a power of two (default 2^23 = 8 MiB); sixteen shards multiply it.</summary>
    public int MemorySizeBits { get; init; } = 23;

    /// <summary>Size of one log file on disk, as a power of two (default 2^26 = 64 MiB).</summary>
    public int SegmentSizeBits { get; init; } = 26;
}
