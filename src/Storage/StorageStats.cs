namespace Engine.Storage;

/// <summary>What a data folder holds, per shard and per measurement (for <c>engine stats</c> and /metrics).</summary>
public sealed record StorageStats(IReadOnlyList<ShardStats> Shards, IReadOnlyList<MeasurementStats> Measurements)
{
    public long Series => Shards.Sum(s => s.Series);

    public long Samples => Shards.Sum(s => s.Samples);

    public long BytesOnDisk => Shards.Sum(s => s.SegmentBytes + s.WalBytes) + CatalogBytes;

    public long CatalogBytes { get; init; }

    /// <summary>Segment bytes per sample stored in segments and sealed chunks (the encoded size).</summary>
    public double EncodedBytesPerSample => Shards.Sum(s => s.EncodedSamples) is var n && n > 0
        ? (double)Shards.Sum(s => s.EncodedBytes) / n
        : 0;
}

/// <param name="Samples">All samples: in segments, sealed chunks and heads.</param>
/// <param name="EncodedSamples">Samples already encoded into chunks.</param>
/// <param name="EncodedBytes">Bytes of those chunks, headers and checksums included.</param>
public sealed record ShardStats(int Shard, long Series, long Samples, long EncodedSamples, long EncodedBytes,
    int SegmentFiles, long SegmentBytes, long WalBytes);

public sealed record MeasurementStats(string Measurement, long Series, long Samples, long EncodedBytes);
