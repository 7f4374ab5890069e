using Engine.Storage;
using Engine.Storage.Rollups;

namespace Engine.Query.Planning;

/// <summary>A stretch [<see cref="Start"/>, <see cref="End"/>) of a query's time range read from one tier.</summary>
internal readonly record struct TierSpan(RetentionTier Tier, long Start, long End)
{
    /// <summary>The rollup tier of an hourly or daily span.</summary>
    public RollupTier RollupTier => Tier switch
    {
        RetentionTier.Hourly => RollupTier.Hourly,
        RetentionTier.Daily => RollupTier.Daily,
        _ => throw new InvalidOperationException("raw samples are not a rollup tier"),
    };
}
