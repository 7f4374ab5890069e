namespace Engine.Query.Execution;

/// <summary>Bounds on what one statement may make the engine hold; exceeding one is a clear error, not an outage.</summary>
public sealed record QueryLimits
{
    /// <summary>GROUP BY time buckets per group, like InfluxDB's max-select-buckets.</summary>
    public long MaxBuckets { get; init; } = 1_000_000;

    /// <summary>Values held at once for medians and exact percentiles (8 bytes each).</summary>
    public long MaxValuesHeld { get; init; } = 100_000_000;

    /// <summary>Rows a raw select may return in all.</summary>
    public long MaxRows { get; init; } = 10_000_000;
}
