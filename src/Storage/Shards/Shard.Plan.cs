using Engine.Storage.Catalog;

namespace Engine.Storage.Shards;

internal sealed partial class Shard
{
    /// <summary>What a read of one series would touch, without decoding anything.</summary>
    public ReadPlan PlanRead(Series series, long startNs, long endNs)
    {
        var (sources, segments, pending) = CollectSources(series, startNs, endNs);
        try
        {
            var chunks = sources.Where(s => s.Bytes > 0).ToArray();
            return new ReadPlan(chunks.Length, chunks.Sum(s => (long)s.Bytes), sources.Count > chunks.Length);
        }
        finally
        {
            Array.ForEach(segments, s => s.Release());
            pending.ForEach(c => c.Release());
        }
    }
}
