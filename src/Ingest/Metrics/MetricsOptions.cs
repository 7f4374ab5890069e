namespace Engine.Ingest.Metrics;

/// <summary>Sizing of the in-process metrics recorder.</summary>
public sealed record MetricsOptions
{
    /// <summary>Samples that may wait for the background writer (default 65,536); past it, emits are dropped and counted.</summary>
    public int QueueCapacity { get; init; } = 65_536;

    /// <summary>How often a <see cref="Rate"/> writes its events per second (default 1 s).</summary>
    public TimeSpan RateInterval { get; init; } = TimeSpan.FromSeconds(1);
}
