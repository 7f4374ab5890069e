using Engine.Ingest.LineProtocol;
using Engine.Ingest.Metrics;
using Engine.Storage;

namespace Engine.Ingest;

/// <summary>Options of an embedded engine: storage, line protocol and the in-process metrics API.</summary>
public sealed record EngineOptions
{
    public StorageOptions Storage { get; init; } = new();

    /// <summary>Precision and limits for <see cref="EmbeddedEngine.WriteLineProtocol"/>.</summary>
    public LineProtocolOptions LineProtocol { get; init; } = LineProtocolOptions.Default;

    public MetricsOptions Metrics { get; init; } = new();
}
