using Engine.Storage.Catalog;

namespace Engine.Storage.Shards;

internal sealed partial class Shard
{
    /// <summary>What a read of one series would touch, without decoding anything.</summary>
    public ReadPlan PlanRead(Series series, long startNs, long endNs)
    {
        using var view = new ReadView();
        CollectSources(series, startNs, endNs, view);
        var chunks = view.Sources.Where(s => s.Bytes > 0).ToArray();
        return new ReadPlan(chunks.Length, chunks.Sum(s => (long)s.Bytes), view.Sources.Count > chunks.Length);
    }
}
