using Engine.Storage.Rollups;

namespace Engine.Storage.Shards;

/// <summary>What one rollup pass over a shard reuses from series to series and day to day.</summary>
internal sealed class RollupBuildBuffers : IDisposable
{
    public RawRunReader Reader { get; } = new();

    public RollupFileWriter Writer { get; } = new();

    /// <summary>Hourly records of the series being written read back from its day's file (kept, not rebuilt).</summary>
    public List<RollupRecord> Kept { get; } = [];

    /// <summary>Hourly records of the series being written rolled up from raw samples, from <see cref="RecordPool"/>.</summary>
    public List<RollupRecord> Fresh { get; } = [];

    /// <summary>Both, in file order.</summary>
    public List<RollupRecord> Records { get; } = [];

    public RollupRecordPool RecordPool { get; } = new();

    public void Dispose()
    {
        Reader.Dispose();
        Writer.Dispose();
    }
}
