using Engine.Storage.Rollups;

namespace Engine.Storage.Shards;

/// <summary>What one rollup pass over a shard reuses from series to series and day to day.</summary>
internal sealed class RollupBuildBuffers : IDisposable
{
    public RawRunReader Reader { get; } = new();

    public RollupFileWriter Writer { get; } = new();

    /// <summary>One series' records of the day being written.</summary>
    public List<RollupRecord> Records { get; } = [];

    public void Dispose()
    {
        Reader.Dispose();
        Writer.Dispose();
    }
}
