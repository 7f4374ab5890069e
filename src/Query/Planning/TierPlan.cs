using Engine.Storage;

namespace Engine.Query.Planning;

/// <summary>
/// Which tier answers which part of a query's time range, per shard (rollups are settled hour by
/// hour per shard, so shards may differ): spans in time order, adjacent spans of one tier merged.
/// </summary>
internal sealed class TierPlan(IReadOnlyDictionary<int, TierSpan[]> spansByShard)
{
    public IReadOnlyList<TierSpan> SpansOf(int shard) => spansByShard.TryGetValue(shard, out var spans) ? spans : [];

    /// <summary>The tiers read, finest first.</summary>
    public IReadOnlyList<RetentionTier> Tiers => [.. spansByShard.Values.SelectMany(s => s).Select(s => s.Tier).Distinct().Order()];
}
